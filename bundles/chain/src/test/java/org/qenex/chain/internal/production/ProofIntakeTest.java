package org.qenex.chain.internal.production;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;

/** The producer's proof intake: a cursor instead of the whole history, and nothing lost when either side restarts. */
public class ProofIntakeTest {

    private final KeyPair alice = TestChain.key(10);
    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private final Source source = new Source();

    /** Hands out its proofs by the API's default cursor rule, and records every cursor it was asked with. */
    static final class Source implements ImprovementSource {
        final List<ImprovementProof> proofs = new ArrayList<>();
        final List<String> cursors = new ArrayList<>();
        int handedOut;

        @Override
        public List<ImprovementProof> acceptedProofs() {
            return List.copyOf(proofs);
        }

        @Override
        public List<ImprovementProof> acceptedProofsAfter(String lastSeenId) {
            cursors.add(lastSeenId);
            List<ImprovementProof> after = ImprovementSource.super.acceptedProofsAfter(lastSeenId);
            handedOut += after.size();
            return after;
        }

        @Override
        public void requestWork(String contributor) {
        }
    }

    @Test
    public void eachIntervalTakesOnlyTheNewProofsAndForgetsRewardedOnes() throws Exception {
        ProofIntake intake = new ProofIntake(node, scheduler);
        ImprovementProof first = TestChain.proof(alice, 10_000, "one");
        source.proofs.add(first);
        assertEquals("not verified yet", List.of(), intake.ready(source));
        assertEquals("one verification", 1, scheduler.runAll());

        ImprovementProof second = TestChain.proof(alice, 10_000, "two", first.versionHash());
        source.proofs.add(second);
        List<ImprovementProof> ready = intake.ready(source);
        assertEquals(List.of(first), ready);
        node.produceBlock(ready);
        assertEquals("one verification", 1, scheduler.runAll());

        assertEquals(List.of(second), intake.ready(source));
        assertEquals("the rewarded proof is forgotten", 1, intake.pending());
        assertEquals("asked from the last proof received, never for the history again",
                Arrays.asList(null, first.id(), second.id()), source.cursors);
        assertEquals("each proof handed over once", 2, source.handedOut);
    }

    @Test
    public void aRestartedProducerReceivesEveryUnrewardedProofAgain() throws Exception {
        ProofIntake before = new ProofIntake(node, scheduler);
        ImprovementProof first = TestChain.proof(alice, 10_000, "one");
        ImprovementProof second = TestChain.proof(alice, 10_000, "two", first.versionHash());
        source.proofs.add(first);
        before.ready(source);
        scheduler.runAll();
        node.produceBlock(before.ready(source));
        source.proofs.add(second); // accepted while the chain bundle was being updated

        ProofIntake after = new ProofIntake(node, scheduler);
        assertEquals(List.of(), after.ready(source));
        assertEquals("the rewarded proof is dropped at once, the missed one waits for verification", 1, after.pending());
        scheduler.runAll();
        assertEquals(List.of(second), after.ready(source));
        assertEquals(null, source.cursors.get(2));
    }

    @Test
    public void anUnverifiedProofIsNeverCarried() throws Exception {
        ProofIntake intake = new ProofIntake(node, scheduler);
        source.proofs.add(TestChain.proof(alice, 10_000, TestChain.UNVERIFIED));
        intake.ready(source);
        scheduler.runAll();
        assertTrue(intake.ready(source).isEmpty());
        assertEquals("not carried, still pending: asking again costs the verifier a cache look-up", 1, intake.pending());
    }
}
