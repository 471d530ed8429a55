package org.qenex.ai.tasks.internal;

import java.util.function.Supplier;

import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;

/**
 * What the built-in tasks share: version 1.0.0, accuracy, and data (with its hash) made on first
 * use, so that activating the bundle stays fast.
 */
abstract class BuiltInTask implements BenchmarkTask {

    private final Supplier<TaskData> source;
    private TaskData data;
    private String hash;

    BuiltInTask(Supplier<TaskData> source) {
        this.source = source;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Metric metric() {
        return Metric.ACCURACY;
    }

    @Override
    public synchronized TaskData data() {
        if (data == null) {
            data = source.get();
        }
        return data;
    }

    @Override
    public synchronized String dataHash() {
        if (hash == null) {
            hash = data().sha256();
        }
        return hash;
    }
}
