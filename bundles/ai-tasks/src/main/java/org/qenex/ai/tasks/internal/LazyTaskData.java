package org.qenex.ai.tasks.internal;

import java.util.function.Supplier;

import org.qenex.api.ai.TaskData;

/** A task's data and hash, made on first use so that activating the bundle stays fast. */
final class LazyTaskData {

    private final Supplier<TaskData> source;
    private TaskData data;
    private String hash;

    LazyTaskData(Supplier<TaskData> source) {
        this.source = source;
    }

    synchronized TaskData data() {
        if (data == null) {
            data = source.get();
        }
        return data;
    }

    synchronized String hash() {
        if (hash == null) {
            hash = data().sha256();
        }
        return hash;
    }
}
