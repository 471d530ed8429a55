package org.qenex.ai.tasks.internal;

import java.util.function.LongFunction;

import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;

/**
 * What the built-in tasks share: version 1.0.0, accuracy, and data (with its hash) made on first
 * use of an epoch, so that activating the bundle stays fast and a new epoch draws new held-out
 * rows by itself.
 */
abstract class BuiltInTask implements BenchmarkTask {

    private final LongFunction<TaskData> source;
    private final HeldOutEpoch epoch;
    private long dataEpoch = -1;
    private TaskData data;
    private String hash;

    /** @param source the task's data in a given epoch */
    BuiltInTask(LongFunction<TaskData> source, HeldOutEpoch epoch) {
        this.source = source;
        this.epoch = epoch;
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
        long now = epoch.current();
        if (data == null || now != dataEpoch) {
            data = source.apply(now);
            hash = null;
            dataEpoch = now;
        }
        return data;
    }

    @Override
    public synchronized String dataHash() {
        TaskData current = data();
        if (hash == null) {
            hash = current.sha256();
        }
        return hash;
    }
}
