package org.qenex.ai.internal.eval;

import org.qenex.ai.internal.weka.DatasetConverter;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.TaskData;

import weka.core.Instances;

/**
 * A task as the evaluator sees it: identity, the data hash recomputed from the data itself, and
 * the three splits as Weka {@link Instances}. Read-only after construction: learners are given
 * copies, scorers only read.
 */
public record TaskInstances(String name, String version, String domain, String dataHash, Instances training,
        Instances publicSplit, Instances heldOut) {

    /** Caps that keep training within a few seconds of CPU. */
    public static final int MAX_TRAINING_ROWS = 10_000;
    public static final int MAX_EVALUATION_ROWS = 10_000;

    /** @throws IllegalArgumentException if the task's declared hash does not match its data, or it is too large */
    public static TaskInstances of(BenchmarkTask task) {
        if (!task.name().matches(BenchmarkTask.NAME_PATTERN)) {
            throw new IllegalArgumentException("task name '" + task.name() + "' does not match " + BenchmarkTask.NAME_PATTERN);
        }
        TaskData data = task.data();
        String hash = data.sha256();
        if (!hash.equals(task.dataHash())) {
            throw new IllegalArgumentException("task " + task.name() + " declares data hash " + task.dataHash()
                    + " but its data hashes to " + hash);
        }
        if (data.training().rows().size() > MAX_TRAINING_ROWS || data.heldOut().rows().size() > MAX_EVALUATION_ROWS
                || data.publicSplit().rows().size() > MAX_EVALUATION_ROWS) {
            throw new IllegalArgumentException("task " + task.name() + " is larger than the node accepts");
        }
        return new TaskInstances(task.name(), task.version(), task.domain(), hash,
                DatasetConverter.toInstances(task.name() + "-train", data.training()),
                DatasetConverter.toInstances(task.name() + "-public", data.publicSplit()),
                DatasetConverter.toInstances(task.name() + "-heldout", data.heldOut()));
    }
}
