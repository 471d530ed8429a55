package org.qenex.chain.internal.ledger;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.KeyPair;

/**
 * A block's improvement proofs are re-trained before the chain's writer lock is taken, so block
 * production, other imports and (in a reorganisation) readers never wait for a re-training. The
 * verifier here remembers verdicts like the AI's {@code VerdictCache}, and records for each
 * re-training whether the importing thread held the writer lock ({@link Blockchain#importElapsedNanos()}
 * is -1 exactly when it does not).
 */
public class ProofsVerifiedAheadTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);

    /** A remembering verifier: the first check of a proof "re-trains" and notes whether the writer lock was held. */
    private static final class RememberingVerifier {
        final AtomicReference<Blockchain> chain = new AtomicReference<>();
        final Map<String, VerificationResult> verdicts = new ConcurrentHashMap<>();
        final List<Boolean> retrainedUnderTheLock = new CopyOnWriteArrayList<>();

        VerificationResult check(ImprovementProof proof) {
            return verdicts.computeIfAbsent(proof.id(), id -> {
                retrainedUnderTheLock.add(chain.get().importElapsedNanos() >= 0);
                return TestChain.VERIFIER.check(proof);
            });
        }
    }

    private ChainNode node(RememberingVerifier verifier) {
        ChainNode node = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), verifier::check,
                () -> clock.advance(5_000), ChainNode.Limits.DEFAULT);
        verifier.chain.set(node.chain());
        node.open();
        return node;
    }

    @Test
    public void aBlockExtendingTheHeadIsRetrainedOnceAndOutsideTheWriterLock() throws Exception {
        ChainNode source = TestChain.node(new MemoryStore(), clock);
        Block minting = source.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        assertEquals(1, minting.mints().size());
        RememberingVerifier verifier = new RememberingVerifier();
        ChainNode node = node(verifier);

        assertEquals(ImportOutcome.EXTENDED, node.importBlock(minting.encoded()));
        assertArrayEquals(minting.hash(), node.head().hash());
        assertEquals(source.modelTip(), node.modelTip());
        assertEquals("one re-training, not under the lock", List.of(false), verifier.retrainedUnderTheLock);
    }

    @Test
    public void aMintingBlockThatWinsByReorganisationWasRetrainedBeforeTheWriteLock() throws Exception {
        ChainNode source = TestChain.node(new MemoryStore(), clock);
        ChainNode rival = TestChain.node(new MemoryStore(), clock);
        RememberingVerifier verifier = new RememberingVerifier();
        ChainNode node = node(verifier);
        // at equal weight the earlier slot wins: the node keeps the rival's block (one clock: it came first),
        // the source's branch wins with its second block
        Block ours = rival.produceBlock(List.of());
        List<Block> theirs = List.of(source.produceBlock(List.of()),
                source.produceBlock(List.of(TestChain.proof(alice, 10_000, "one"))));
        assertEquals(ImportOutcome.EXTENDED, node.importBlock(ours.encoded()));
        assertEquals(ImportOutcome.SIDE_BRANCH, node.importBlock(theirs.get(0).encoded()));
        // the heavier branch's minting block: a reorganisation, whose write lock must not cover the re-training
        assertEquals(ImportOutcome.REORGANISED, node.importBlock(theirs.get(1).encoded()));
        assertArrayEquals(theirs.get(1).hash(), node.head().hash());
        assertEquals(List.of(false), verifier.retrainedUnderTheLock);
    }

    @Test
    public void aBlockWhoseHeaderFailsIsNotRetrainedAtAll() throws Exception {
        ChainNode source = TestChain.node(new MemoryStore(), clock);
        source.produceBlock(List.of());
        Block orphan = source.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        RememberingVerifier verifier = new RememberingVerifier();
        ChainNode node = node(verifier);

        assertEquals("unknown parent", "unknown_parent", importError(node, orphan));
        assertFalse(node.chain().block(orphan.hash()).isPresent());
        assertEquals("a block whose header does not check out costs no re-training", List.of(), verifier.retrainedUnderTheLock);
    }

    private static String importError(ChainNode node, Block block) {
        try {
            node.importBlock(block.encoded());
            return "imported";
        } catch (org.qenex.chain.internal.error.ChainException e) {
            return e.error().code();
        }
    }
}
