package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.tasks.internal.ProductRelationTask;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.testing.MemoryStore;

/**
 * Two nodes sharing the model, as the chain makes them (mathematics task, one worker): a version A
 * accepts is verified by B and adopted once minted, B's next version builds on it and A adopts
 * that; both end with the same version chain. A version of B's own that the chain did not mint
 * gives way. A node with other held-out rows cannot check the proof: undecided, not invalid.
 */
public class ModelAdoptionTest {

    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";
    private static final String J48_PRUNED = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\","
            + "\"options\":[\"-M\",\"5\"]}}}";
    private static final String FOREST = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"RandomForest\","
            + "\"options\":[\"-I\",\"30\"]}}}";
    private static final TestContributor ALICE = TestContributor.create();
    private static final TestContributor BOB = TestContributor.create();

    private static WorkerProcess worker;
    private static TaskCatalog catalog;

    /** One node's AI: its model and its verifier over one store. */
    private record Node(CumulativeModel model, ReproducingVerifier verifier) {

        static Node start(TaskCatalog tasks) {
            MemoryStore store = new MemoryStore();
            PipelineFactory factory = new PipelineFactory(new WekaAllowList());
            CumulativeModel model = new CumulativeModel(store, tasks, factory, new PipelineEvaluator(factory, worker),
                    new ImprovementGate(GateSettings.DEFAULT), NodeKey.ephemeral(),
                    Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                    ModelLimits.withBudget(Duration.ofSeconds(60)));
            // the verifier has a worker of its own, as on a node, and closes it when deactivated
            return new Node(model, new ReproducingVerifier(tasks, store, TestWorkers.start()));
        }

        CandidateRecord judge(TestContributor contributor, String candidate) {
            model.intake().submit(Submitter.user("someone"), contributor.sign(model.versions().latestHash(), candidate));
            return model.judging().judgeNext().orElseThrow();
        }

        ImprovementProof proofOfLatest() {
            List<ModelVersion> all = model.versions().all();
            return new ProofFormat().proofOf(all.get(all.size() - 1));
        }

        List<String> versionHashes() {
            return model.versions().all().stream().map(ModelVersion::hash).toList();
        }
    }

    @BeforeClass
    public static void startWorker() {
        worker = TestWorkers.start();
        catalog = FixedCatalog.of(BuiltInTaskFixtures.named("mathematics.product-relation"));
    }

    @AfterClass
    public static void stopWorker() {
        worker.close();
    }

    @Test
    public void aVersionAcceptedOnOneNodeIsAdoptedByTheOtherAndTheNextBuildsOnIt() {
        Node a = Node.start(catalog);
        Node b = Node.start(catalog);
        assertEquals(CandidateState.ACCEPTED, a.judge(ALICE, J48).state());
        ImprovementProof first = a.proofOfLatest();

        assertFalse("not adopted before it was verified here", b.model().adoption().adopt(first.versionHash()).isPresent());
        VerificationResult verified = b.verifier().verify(first); // what B's chain does when A's block comes
        assertTrue(verified.reason(), verified.valid());
        assertTrue(b.model().adoption().adopt(first.versionHash()).isPresent()); // the block minted it
        assertEquals(a.versionHashes(), b.versionHashes());
        assertEquals(first.versionHash(), b.model().champions().current().hash());
        assertFalse("adopting the same tip again changes nothing", b.model().adoption().adopt(first.versionHash()).isPresent());
        assertTrue(b.model().versions().verify().problem(), b.model().versions().verify().intact());

        // B's improvement is judged against the adopted champion and names it as parent
        CandidateRecord forest = b.judge(BOB, FOREST);
        assertEquals(forest.reason(), CandidateState.ACCEPTED, forest.state());
        ImprovementProof second = b.proofOfLatest();
        assertEquals(first.versionHash(), second.parentVersionHash());
        VerificationResult back = a.verifier().verify(second);
        assertTrue(back.reason(), back.valid());
        a.model().adoption().adopt(second.versionHash());
        assertEquals(List.of(first.versionHash(), second.versionHash()), a.versionHashes());
        assertEquals(a.versionHashes(), b.versionHashes());
        assertEquals(second.versionHash(), a.model().champions().current().hash());
        assertTrue(a.model().versions().verify().problem(), a.model().versions().verify().intact());
        a.verifier().deactivate();
        b.verifier().deactivate();
    }

    @Test
    public void anOwnVersionTheChainDidNotMintGivesWayToTheMintedOne() {
        Node a = Node.start(catalog);
        Node b = Node.start(catalog);
        assertEquals(CandidateState.ACCEPTED, a.judge(ALICE, J48).state());
        assertEquals(CandidateState.ACCEPTED, b.judge(BOB, J48_PRUNED).state()); // the same parent: only one can be minted
        ImprovementProof minted = a.proofOfLatest();
        assertTrue(b.verifier().verify(minted).valid());

        String note = b.model().adoption().adopt(minted.versionHash()).orElseThrow();
        assertTrue(note, note.contains("removed 1 own version"));
        assertEquals(a.versionHashes(), b.versionHashes());
        assertEquals(minted.versionHash(), b.model().versions().latestHash());
        assertTrue(b.model().versions().verify().problem(), b.model().versions().verify().intact());
        a.verifier().deactivate();
        b.verifier().deactivate();
    }

    @Test
    public void aNodeWithOtherHeldOutRowsCannotCheckAProofAndSaysSo() {
        Node a = Node.start(catalog);
        assertEquals(CandidateState.ACCEPTED, a.judge(ALICE, J48).state());
        ImprovementProof proof = a.proofOfLatest();
        Node other = Node.start(FixedCatalog.of(TaskInstances.of(new ProductRelationTask("another network's secret", 0))));
        VerificationResult result = other.verifier().verify(proof);
        assertTrue(result.reason(), result.undecided());
        assertFalse(result.invalid());
        assertTrue(result.reason(), result.reason().contains("the proof names"));
        a.verifier().deactivate();
        other.verifier().deactivate();
    }
}
