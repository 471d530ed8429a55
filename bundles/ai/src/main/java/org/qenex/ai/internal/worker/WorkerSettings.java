package org.qenex.ai.internal.worker;

import java.nio.file.Path;
import java.util.List;

/**
 * How the training worker process is started.
 *
 * @param classPath Weka's jars and the folder (or jar) holding {@link TrainingWorker}
 * @param directory the worker's folder: its Weka home and its standard error ({@code worker.log})
 * @param heapMegabytes the worker's heap ({@code -Xmx}): the memory budget of one job
 * @param lowPriority whether to start it under {@code nice -n 19} (where {@code nice} exists)
 */
public record WorkerSettings(List<Path> classPath, Path directory, int heapMegabytes, boolean lowPriority) {

    public static final int DEFAULT_HEAP_MEGABYTES = 256;

    public WorkerSettings {
        classPath = List.copyOf(classPath);
        if (heapMegabytes < 32) {
            throw new IllegalArgumentException("the worker needs at least 32 MB of heap, not " + heapMegabytes);
        }
    }
}
