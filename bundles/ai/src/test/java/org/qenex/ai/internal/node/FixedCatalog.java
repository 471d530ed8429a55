package org.qenex.ai.internal.node;

import java.util.List;
import java.util.Optional;

import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.api.ai.BenchmarkTask;

/** A catalog of given tasks, for tests. */
public final class FixedCatalog implements TaskCatalog {

    private final List<TaskInstances> tasks;

    public FixedCatalog(List<TaskInstances> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    /** A catalog of just {@code task}. */
    public static FixedCatalog of(TaskInstances task) {
        return new FixedCatalog(List.of(task));
    }

    @Override
    public List<TaskInstances> tasks() {
        return tasks;
    }

    @Override
    public Optional<TaskInstances> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public List<BenchmarkTask> services() {
        return List.of();
    }
}
