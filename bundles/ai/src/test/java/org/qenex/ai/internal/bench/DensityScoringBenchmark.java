package org.qenex.ai.internal.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.qenex.ai.internal.anomaly.WekaDensityEstimator;
import org.qenex.api.anomaly.FittedDensity;
import org.qenex.api.node.testing.FixedNodeContext;

/**
 * What intrusion detection's anomaly model pays per REST request while the Weka EM density
 * judges: one {@link FittedDensity#logDensity} of a five-feature window, fitted to a baseline of
 * 2,000 windows (the default {@code anomalyBaseline}). The fitted model scores under one lock
 * (EM's missing-value filter keeps state), so the two-thread run shows what request threads pay
 * when they score at once. Sample mode, so the percentiles are printed too.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-DWEKA_HOME=target/wekafiles", "-Dweka.packageManager.offline=true",
        "-Dweka.packageManager.loadPackages=false", "-Djava.awt.headless=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DensityScoringBenchmark {

    private static final String[] NAMES = {"requests", "distinct paths", "failed logins", "body bytes", "error ratio"};
    private static final int PROBES = 1024;

    private FittedDensity density;
    private double[][] probes;
    private final AtomicInteger next = new AtomicInteger();

    @Setup
    public void fit() {
        Random random = new Random(11);
        double[][] baseline = new double[2000][];
        for (int i = 0; i < baseline.length; i++) {
            baseline[i] = window(random);
        }
        density = new WekaDensityEstimator(FixedNodeContext.in(java.nio.file.Path.of("target", "ai-data"))).fit(baseline, NAMES);
        probes = new double[PROBES][];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = window(random);
        }
    }

    /** An ordinary window: a few requests over a few paths, rarely a failed login, small bodies, few errors. */
    private static double[] window(Random random) {
        return new double[] {Math.log1p(1 + random.nextInt(30)), Math.log1p(1 + random.nextInt(5)),
            random.nextInt(50) == 0 ? Math.log1p(1) : 0, Math.log1p(random.nextInt(4000)), random.nextDouble() * 0.2};
    }

    @Benchmark
    @Threads(1)
    public double scoreOneThread() {
        return density.logDensity(probes[next.getAndIncrement() & (PROBES - 1)]);
    }

    @Benchmark
    @Threads(2)
    public double scoreTwoThreads() {
        return density.logDensity(probes[next.getAndIncrement() & (PROBES - 1)]);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(DensityScoringBenchmark.class.getSimpleName()).build()).run();
    }
}
