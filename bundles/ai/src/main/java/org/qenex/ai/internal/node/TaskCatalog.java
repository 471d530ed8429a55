package org.qenex.ai.internal.node;

import java.util.List;
import java.util.Optional;

import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.api.ai.BenchmarkTask;

/** The benchmark tasks registered on this node that passed validation, by name. */
public interface TaskCatalog {

    /** Valid tasks, in name order, converted for Weka. */
    List<TaskInstances> tasks();

    Optional<TaskInstances> task(String name);

    /** The task services themselves (for descriptions), valid ones only, in name order. */
    List<BenchmarkTask> services();
}
