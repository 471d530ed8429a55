package org.qenex.ai.internal.eval;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.AfterClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerProcess;

import weka.classifiers.Classifier;
import weka.classifiers.meta.FilteredClassifier;

public class PipelineEvaluatorTest {

    private static final WorkerProcess WORKER = TestWorkers.start();
    private final PipelineEvaluator evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), WORKER);
    private final SpecJson json = new SpecJson();

    @AfterClass
    public static void stopWorker() {
        WORKER.close();
    }

    @Test
    public void sameSpecificationAndDataGiveTheSameModelHash() {
        TaskInstances mathematics = BuiltInTaskFixtures.named("mathematics.product-relation");
        PipelineSpec j48 = json.readPipeline("{\"learner\":\"J48\",\"options\":[\"-M\",\"4\"]}");
        TrainedModel first = evaluator.train(j48, mathematics, CpuBudget.unlimited());
        TrainedModel second = evaluator.train(j48, mathematics, CpuBudget.unlimited());
        assertEquals(first.hash(), second.hash());
        assertEquals(first, second);

        TaskInstances language = BuiltInTaskFixtures.named("language.fortunes");
        PipelineSpec text = json.readPipeline("{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"options\":[\"-W\",\"300\",\"-L\"]}]}");
        assertEquals(evaluator.train(text, language, CpuBudget.unlimited()).hash(),
                evaluator.train(text, language, CpuBudget.unlimited()).hash());
    }

    @Test
    public void modelBytesAreHashedBeforeAnyPredictionAndReadBackThroughTheFilter() {
        TaskInstances mathematics = BuiltInTaskFixtures.named("mathematics.product-relation");
        PipelineSpec logistic = json.readPipeline("{\"learner\":\"Logistic\",\"options\":[\"-M\",\"50\"]}");
        TaskOutcome outcome = evaluator.evaluate(logistic, mathematics, CpuBudget.unlimited());
        // Scoring used copies: the kept bytes still hash to what training produced.
        assertEquals(outcome.model().hash(), Sha256.hex(outcome.model().bytes()));
        assertEquals(outcome.model().hash(), evaluator.train(logistic, mathematics, CpuBudget.unlimited()).hash());
        assertTrue(outcome.heldOutPredictions().accuracyPpm() > 700_000);
    }

    @Test
    public void concurrentScoringWithPerThreadCopiesMatchesSingleThreadedScoring() throws Exception {
        TaskInstances mathematics = BuiltInTaskFixtures.named("mathematics.product-relation");
        PipelineSpec logistic = json.readPipeline("{\"learner\":\"Logistic\",\"options\":[\"-M\",\"50\"]}");
        TrainedModel model = evaluator.train(logistic, mathematics, CpuBudget.unlimited());
        int[] expected = evaluator.scoreHeldOut(model, logistic, mathematics).predictedClasses();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> evaluator.scoreHeldOut(model, logistic, mathematics).predictedClasses()));
            }
            for (Future<int[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void scoringInTheWorkerEqualsWekaScoringEachRowThroughThePipelineHere() throws Exception {
        TaskInstances code = BuiltInTaskFixtures.named("code.weka-packages");
        PipelineSpec text = json.readPipeline("{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"options\":[\"-W\",\"300\"]}]}");
        TrainedModel model = evaluator.train(text, code, CpuBudget.unlimited());
        Predictions inWorker = evaluator.scoreHeldOut(model, text, code);
        Classifier pipeline = ModelSerialization.read(model);
        assertTrue(pipeline instanceof FilteredClassifier);
        int[] here = new int[code.heldOut().numInstances()];
        for (int row = 0; row < here.length; row++) {
            double[] distribution = pipeline.distributionForInstance(code.heldOut().instance(row));
            int best = Predictions.UNCLASSIFIED;
            for (int c = 0; c < distribution.length; c++) {
                if (distribution[c] > (best < 0 ? 0 : distribution[best])) {
                    best = c;
                }
            }
            here[row] = best;
        }
        assertArrayEquals(here, inWorker.predictedClasses());
    }

    @Test
    public void theWorkerTrainsTheSameBytesAsWekaInThisJvm() throws Exception {
        TaskInstances language = BuiltInTaskFixtures.named("language.fortunes");
        PipelineSpec spec = json.readPipeline("{\"learner\":\"J48\",\"options\":[\"-M\",\"20\"],\"filters\":[{\"name\":"
                + "\"StringToWordVector\",\"options\":[\"-W\",\"100\"]}]}");
        Classifier here = new PipelineFactory(new WekaAllowList()).build(spec);
        here.buildClassifier(new weka.core.Instances(language.training()));
        assertEquals(Sha256.hex(ModelSerialization.bytes(here)), evaluator.train(spec, language, CpuBudget.unlimited()).hash());
    }

    @Test
    public void aTrainingOverItsCpuBudgetIsStoppedAndRejected() {
        TaskInstances language = BuiltInTaskFixtures.named("language.fortunes");
        // J48 on 500 word features takes minutes of CPU here; the budget is a fraction of a second.
        PipelineSpec slow = json.readPipeline("{\"learner\":\"J48\",\"filters\":[{\"name\":\"StringToWordVector\","
                + "\"options\":[\"-W\",\"500\"]}]}");
        try {
            evaluator.train(slow, language, CpuBudget.open(Duration.ofMillis(300)));
            fail("trained beyond its budget");
        } catch (CandidateRejectedException e) {
            assertEquals(CandidateRejectedException.OVER_BUDGET, e.code());
        }
    }

    @Test
    public void aLearnerThatCannotReadTextIsRejectedWithAReason() {
        TaskInstances language = BuiltInTaskFixtures.named("language.fortunes");
        try {
            evaluator.train(json.readPipeline("{\"learner\":\"J48\"}"), language, CpuBudget.unlimited());
            fail("J48 trained on raw text");
        } catch (CandidateRejectedException e) {
            assertEquals(CandidateRejectedException.TRAINING_FAILED, e.code());
        }
    }
}
