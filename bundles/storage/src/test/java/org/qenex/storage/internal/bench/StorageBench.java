package org.qenex.storage.internal.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs raw MapDB and the storage service side by side (see docs/storage.md for the command).
 * {@code -Dbench.include=<regex>} narrows the run; {@code -Dbench.seconds=<n>} sets iteration length.
 */
public final class StorageBench {

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 3);
        Options options = new OptionsBuilder()
                .include(System.getProperty("bench.include", "org\\.qenex\\.storage\\.internal\\.bench\\..*Bench\\..*"))
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgs("-Xmx1g")
                .build();
        new Runner(options).run();
    }
}
