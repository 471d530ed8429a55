package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;

/**
 * A candidate queued before the bundle restarted is judged by the new instance (its text parsed
 * then, once), and the proofs are handed over from the chain's cursor, by the instance that made
 * them or a restarted one.
 */
public class AcceptedProofsTest {

    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";

    private static WorkerProcess worker;
    private static MemoryStore store;
    private static TaskCatalog catalog;
    private static CumulativeModel restarted;
    private static CandidateRecord judged;

    @BeforeClass
    public static void queueThenRestartThenJudge() {
        worker = TestWorkers.start();
        store = new MemoryStore();
        catalog = FixedCatalog.of(BuiltInTaskFixtures.named("mathematics.product-relation"));
        CumulativeModel before = TestModels.model(store, catalog, worker);
        before.intake().submit(Submitter.user("alice"), TestContributor.create().sign(before.versions().latestHash(), J48));
        restarted = TestModels.model(store, catalog, worker);
        judged = restarted.judging().judgeNext().orElseThrow();
    }

    @AfterClass
    public static void stopWorker() {
        worker.close();
    }

    @Test
    public void aCandidateQueuedBeforeARestartIsJudgedFromItsStoredText() {
        assertEquals(judged.reason(), CandidateState.ACCEPTED, judged.state());
        assertEquals(Long.valueOf(1), judged.version());
    }

    @Test
    public void theProofsAfterTheCursorAndEveryProofForNoneOrAnUnknownOne() {
        List<ImprovementProof> all = restarted.proofs().all();
        assertEquals(1, all.size());
        String first = all.get(0).id();
        assertEquals(all, restarted.proofs().after(null));
        assertEquals("nothing new after the latest", List.of(), restarted.proofs().after(first));
        assertEquals("a cursor this node never handed out: every proof", all, restarted.proofs().after("f".repeat(64)));
    }

    @Test
    public void anotherInstanceKnowsTheCursorFromTheStoredVersions() {
        String first = restarted.proofs().all().get(0).id();
        CumulativeModel afterUpdate = TestModels.model(store, catalog, worker);
        assertEquals(List.of(), afterUpdate.proofs().after(first));
    }
}
