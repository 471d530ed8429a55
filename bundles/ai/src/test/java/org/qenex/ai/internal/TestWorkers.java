package org.qenex.ai.internal;

import java.nio.file.Path;

import org.qenex.ai.internal.worker.WorkerClassPath;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.worker.WorkerSettings;

/** A training worker process for tests: this JVM's Weka and classes, the default heap, never paused. */
public final class TestWorkers {

    private TestWorkers() {
    }

    public static WorkerProcess start() {
        return start(WorkerSettings.DEFAULT_HEAP_MEGABYTES);
    }

    public static WorkerProcess start(int heapMegabytes) {
        return new WorkerProcess(new WorkerSettings(WorkerClassPath.ofThisJvm(), Path.of("target", "worker"),
                heapMegabytes, false), () -> false);
    }
}
