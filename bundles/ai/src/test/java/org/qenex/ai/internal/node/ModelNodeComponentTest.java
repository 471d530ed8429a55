package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;

/** The judging job, run when the test says (no waiting on a real scheduler): one job at a time judges the whole queue. */
public class ModelNodeComponentTest {

    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";
    private static final String ONE_R = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"OneR\"}}}";

    private final WorkerProcess worker = TestWorkers.start();
    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private final CumulativeModel model = TestModels.model(new MemoryStore(),
            FixedCatalog.of(BuiltInTaskFixtures.named("mathematics.product-relation")), worker);

    @After
    public void stopWorker() {
        worker.close();
    }

    @Test
    public void oneJobJudgesEveryWaitingCandidateAndANewSubmissionStartsTheNext() {
        ModelNodeComponent node = new ModelNodeComponent(scheduler, worker, model);
        assertEquals("a start looks for candidates queued before it", List.of("ai-judge-candidates"), scheduler.names());
        String genesis = model.versions().latestHash();
        CandidateRecord first = node.submit(Submitter.user("alice"), TestContributor.create().sign(genesis, J48));
        CandidateRecord second = node.submit(Submitter.user("bob"), TestContributor.create().sign(genesis, ONE_R));
        assertEquals("the job not run yet takes them too", 1, scheduler.names().size());

        scheduler.runAll();
        assertEquals(0, model.candidates().queued());
        assertEquals(CandidateState.ACCEPTED, model.candidates().get(first.id()).orElseThrow().state());
        String refused = model.candidates().get(second.id()).orElseThrow().reason();
        assertTrue(refused, refused.startsWith(SpecRejectedException.STALE_PARENT));
        assertEquals("nothing left: no job rescheduled", 1, scheduler.names().size());

        node.submit(Submitter.user("carol"), TestContributor.create().sign(model.versions().latestHash(), ONE_R));
        assertEquals(List.of("ai-judge-candidates", "ai-judge-candidates"), scheduler.names());
    }
}
