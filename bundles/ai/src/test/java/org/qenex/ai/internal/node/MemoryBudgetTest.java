package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.storage.testing.MemoryStore;

/**
 * Issue 10's attack: Logistic after a 5,000-word StringToWordVector on the language task needs a
 * dense matrix of about 1.4 GB. Judged in the worker (256 MB), it is refused for memory; this JVM
 * (the node) never allocates it, and judges the next candidate as usual.
 */
public class MemoryBudgetTest {

    static final String ATTACK = "{\"pipelines\":{\"language.fortunes\":{\"learner\":\"Logistic\",\"filters\":"
            + "[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"5000\"]}]}}}";
    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";

    private static final TestContributor MALLORY = TestContributor.create();
    private static final TestContributor ALICE = TestContributor.create();
    private static WorkerProcess worker;
    private static CumulativeModel model;

    @BeforeClass
    public static void startNode() {
        worker = TestWorkers.start(256);
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        model = new CumulativeModel(new MemoryStore(),
                new FixedCatalog(List.of(BuiltInTaskFixtures.named("language.fortunes"),
                        BuiltInTaskFixtures.named("mathematics.product-relation"))),
                factory, new PipelineEvaluator(factory, worker), new ImprovementGate(GateSettings.DEFAULT),
                NodeKey.ephemeral(), Clock.systemUTC(), ModelLimits.withBudget(Duration.ofMinutes(5)));
    }

    @AfterClass
    public static void stopWorker() {
        worker.close();
    }

    @Test
    public void theAttackIsRefusedForMemoryAndTheNodeJudgesOn() {
        CandidateRecord attack = model.intake().submit(Submitter.user("tester"), MALLORY.sign(model.versions().latestHash(), ATTACK));
        CandidateRecord judged = model.judging().judgeNext().orElseThrow();
        assertEquals(attack.id(), judged.id());
        assertEquals(judged.reason(), CandidateState.REJECTED, judged.state());
        assertTrue(judged.reason(), judged.reason().startsWith(
                "over_memory: refused: exceeded the memory budget of 256 MB during training on language.fortunes"));

        CandidateRecord next = model.intake().submit(Submitter.user("tester"), ALICE.sign(model.versions().latestHash(), J48));
        CandidateRecord decided = model.judging().judgeNext().orElseThrow();
        assertEquals(next.id(), decided.id());
        assertNotEquals(CandidateState.QUEUED, decided.state());
        assertTrue(decided.reason(), !decided.reason().startsWith("over_memory"));
    }
}
