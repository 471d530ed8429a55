package org.qenex.ai.internal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.eval.TrainedModel;
import org.qenex.ai.internal.gate.GateDecision;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.gate.PairedComparison;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;

/**
 * Improvement detection: an already trained candidate (tree or linear on the numeric task; the
 * text tasks use a word-vector pipeline) scored on every task's held-out rows (about 9,300 rows),
 * each from a fresh per-thread copy of its model, plus the gate's statistics against the baseline.
 * Also one candidate-task evaluation alone (throughput) and a full train-and-score cycle per learner.
 *
 * <pre>cd bundles/ai && mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.qenex.ai.internal.bench.ImprovementDetectionBenchmark</pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-DWEKA_HOME=target/wekafiles", "-Dweka.packageManager.offline=true",
        "-Dweka.packageManager.loadPackages=false", "-Djava.awt.headless=true" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ImprovementDetectionBenchmark {

    static final String TEXT_FILTER = "{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"1000\"]}";

    @Param({ "tree", "linear" })
    public String family;

    private WorkerProcess worker;
    private PipelineEvaluator evaluator;
    private final ImprovementGate gate = new ImprovementGate(GateSettings.DEFAULT);
    private final List<TaskInstances> tasks = new ArrayList<>();
    private final List<PipelineSpec> pipelines = new ArrayList<>();
    private final List<TrainedModel> models = new ArrayList<>();
    private final List<Predictions> baselines = new ArrayList<>();

    @Setup(Level.Trial)
    public void train() {
        worker = TestWorkers.start();
        evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), worker);
        SpecJson json = new SpecJson();
        Map<String, String> specs = new TreeMap<>();
        if (family.equals("tree")) {
            specs.put("mathematics.product-relation", "{\"learner\":\"J48\"}");
            specs.put("language.fortunes", "{\"learner\":\"REPTree\",\"filters\":[" + TEXT_FILTER.replace("1000", "100") + "]}");
            specs.put("code.weka-packages", "{\"learner\":\"REPTree\",\"filters\":[" + TEXT_FILTER.replace("1000", "100") + "]}");
        } else {
            specs.put("mathematics.product-relation", "{\"learner\":\"Logistic\",\"options\":[\"-M\",\"50\"]}");
            specs.put("language.fortunes", "{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[" + TEXT_FILTER + "]}");
            specs.put("code.weka-packages", "{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[" + TEXT_FILTER + "]}");
        }
        for (Map.Entry<String, String> entry : specs.entrySet()) {
            TaskInstances task = BuiltInTaskFixtures.named(entry.getKey());
            PipelineSpec pipeline = json.readPipeline(entry.getValue());
            TrainedModel model = evaluator.train(pipeline, task, CpuBudget.unlimited());
            tasks.add(task);
            pipelines.add(pipeline);
            models.add(model);
            baselines.add(evaluator.scoreHeldOut(evaluator.train(PipelineSpec.BASELINE, task, CpuBudget.unlimited()),
                    PipelineSpec.BASELINE, task));
            evaluator.scoreHeldOut(model, pipeline, task); // fills the filtered-split cache, as a live node has
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        worker.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public GateDecision detectImprovementOnAllTasks() {
        List<PairedComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Predictions candidate = evaluator.scoreHeldOut(models.get(i), pipelines.get(i), tasks.get(i));
            comparisons.add(PairedComparison.of(tasks.get(i).name(), baselines.get(i), candidate));
        }
        return gate.decide(comparisons);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Predictions oneCandidateTaskEvaluation(TaskCursor cursor) {
        int i = cursor.next(tasks.size());
        return evaluator.scoreHeldOut(models.get(i), pipelines.get(i), tasks.get(i));
    }

    /** Cycles over the tasks, one per evaluation. */
    @State(Scope.Thread)
    public static class TaskCursor {
        private int position;

        int next(int size) {
            position = (position + 1) % size;
            return position;
        }
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ImprovementDetectionBenchmark.class.getSimpleName())
                .include(FullCycleBenchmark.class.getSimpleName()).build()).run();
    }
}
