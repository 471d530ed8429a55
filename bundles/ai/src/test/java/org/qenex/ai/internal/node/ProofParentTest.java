package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionHashing;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.testing.MemoryStore;

/**
 * A proof's baseline is its parent's: two versions on the mathematics task (J48 over the
 * majority class, then a random forest over J48), and proofs that lie about the second's baseline.
 */
public class ProofParentTest {

    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";
    private static final String FOREST = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"RandomForest\","
            + "\"options\":[\"-I\",\"30\"]}}}";

    private static final TestContributor ALICE = TestContributor.create();
    private static WorkerProcess worker;
    private static TaskCatalog catalog;
    private static MemoryStore store;
    private static ProofReproducer reproducer;
    private static ReproducingVerifier verifier;
    private static ModelVersion first;
    private static ModelVersion second;

    @BeforeClass
    public static void acceptTwoVersions() {
        worker = TestWorkers.start();
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        PipelineEvaluator evaluator = new PipelineEvaluator(factory, worker);
        ImprovementGate gate = new ImprovementGate(GateSettings.DEFAULT);
        catalog = new FixedCatalog(List.of(BuiltInTaskFixtures.named("mathematics.product-relation")));
        store = new MemoryStore();
        CumulativeModel model = new CumulativeModel(store, catalog, factory, evaluator, gate, NodeKey.ephemeral(),
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                ModelLimits.withBudget(Duration.ofSeconds(60)));
        for (String candidate : List.of(J48, FOREST)) {
            model.intake().submit(Submitter.user("alice"), ALICE.sign(model.versions().latestHash(), candidate));
            var decided = model.judging().judgeNext().orElseThrow();
            assertEquals(decided.reason(), CandidateState.ACCEPTED, decided.state());
        }
        first = model.versions().all().get(0);
        second = model.versions().all().get(1);
        reproducer = new ProofReproducer(catalog, evaluator, gate);
        verifier = new ReproducingVerifier(catalog, store, TestWorkers.start());
    }

    @AfterClass
    public static void stop() {
        verifier.deactivate();
        worker.close();
    }

    @Test
    public void theRealProofOfTheSecondVersionVerifies() {
        VerificationResult result = verifier.verify(new ProofFormat().proofOf(second));
        assertTrue(result.reason(), result.valid());
    }

    @Test
    public void aBaselineThatIsNotTheParentsPipelineIsRefused() {
        // The second version claimed over the majority class instead of J48: a larger gain, and
        // otherwise consistent (its hash recomputed), as anyone could make it.
        VersionTask real = second.tasks().get(0);
        VersionTask majority = first.tasks().get(0);
        ImprovementProof forged = proofWith(new VersionTask(real.name(), real.version(), real.dataHash(),
                majority.baselinePipeline(), real.pipeline(), real.modelHash(), majority.baselinePpm(), real.scorePpm()));
        assertTrue("the forgery must be consistent in itself",
                reproducer.reproduce(forged, new ParentVersion(first.hash(), Map.of()), Duration.ofSeconds(60)).valid());

        VerificationResult result = verifier.verify(forged);
        assertTrue("reproduces differently: invalid, not undecided", result.invalid());
        assertTrue(result.reason(), result.reason().contains("is not the pipeline of parent version " + first.hash()));
    }

    @Test
    public void aBaselineScoreThatIsNotWhatTheParentScoredIsRefused() {
        VersionTask real = second.tasks().get(0);
        long parentScore = first.tasks().get(0).scorePpm();
        assertEquals(parentScore, real.baselinePpm());
        ImprovementProof understated = proofWith(new VersionTask(real.name(), real.version(), real.dataHash(),
                real.baselinePipeline(), real.pipeline(), real.modelHash(), parentScore - 20_000, real.scorePpm()));

        VerificationResult result = verifier.verify(understated);
        assertTrue(result.invalid());
        assertTrue(result.reason(), result.reason().contains("claims a baseline of " + (parentScore - 20_000)
                + " ppm, parent version " + first.hash() + " scored " + parentScore));
    }

    @Test
    public void anotherNodeVerifiesAProofOnlyAfterItsParentsAndRemembersThemAcrossARestart() {
        ImprovementProof firstProof = new ProofFormat().proofOf(first);
        ImprovementProof secondProof = new ProofFormat().proofOf(second);
        MemoryStore otherStore = new MemoryStore();
        ReproducingVerifier otherNode = new ReproducingVerifier(catalog, otherStore, TestWorkers.start());
        try {
            VerificationResult orphan = otherNode.verify(secondProof);
            assertTrue("no verdict: the parent may become known", orphan.undecided());
            assertTrue(orphan.reason(), orphan.reason().startsWith("unknown parent version " + first.hash()));

            assertTrue(otherNode.verify(firstProof).reason(), otherNode.verify(firstProof).valid());
            VerificationResult child = otherNode.verify(secondProof);
            assertTrue(child.reason(), child.valid());
        } finally {
            otherNode.deactivate();
        }
        ReproducingVerifier restarted = new ReproducingVerifier(catalog, otherStore, TestWorkers.start());
        try {
            VerificationResult child = restarted.verify(secondProof);
            assertTrue(child.reason(), child.valid());
        } finally {
            restarted.deactivate();
        }
    }

    /** The second version's proof with {@code task} instead of its own, hashed as a forger would. */
    private static ImprovementProof proofWith(VersionTask task) {
        String hash = VersionHashing.hash(second.parentHash(), List.of(task), second.contributor(),
                second.acceptedAtMillis(), second.predictionFingerprint());
        return new ProofFormat().proofOf(new ModelVersion(second.sequence(), second.parentHash(), List.of(task),
                second.contributor(), second.acceptedAtMillis(), second.predictionFingerprint(), hash, "", "", second.candidate(),
                second.contributorSignature()));
    }
}
