package org.qenex.ai.internal.bench;

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
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;

/** The full cycle of one candidate on one task: train, serialize and hash, score public and held-out rows. */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-DWEKA_HOME=target/wekafiles", "-Dweka.packageManager.offline=true",
        "-Dweka.packageManager.loadPackages=false", "-Djava.awt.headless=true" })
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FullCycleBenchmark {

    @Param({ "mathematics.product-relation|{\"learner\":\"J48\"}",
            "mathematics.product-relation|{\"learner\":\"Logistic\",\"options\":[\"-M\",\"50\"]}",
            "mathematics.product-relation|{\"learner\":\"RandomForest\",\"options\":[\"-I\",\"30\"]}",
            "language.fortunes|{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"1000\"]}]}",
            "code.weka-packages|{\"learner\":\"NaiveBayesMultinomial\",\"filters\":[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"1000\"]}]}" })
    public String candidate;

    private WorkerProcess worker;
    private PipelineEvaluator evaluator;

    @Setup(Level.Trial)
    public void setUp() {
        worker = TestWorkers.start();
        evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), worker);
        BuiltInTaskFixtures.all();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        worker.close();
    }

    @Benchmark
    public TaskOutcome trainAndScore() {
        String[] parts = candidate.split("\\|", 2);
        return evaluator.evaluate(new SpecJson().readPipeline(parts[1]), BuiltInTaskFixtures.named(parts[0]),
                CpuBudget.unlimited());
    }
}
