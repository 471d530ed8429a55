package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.weka.WekaEnvironment;
import org.qenex.api.ai.BenchmarkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every registered {@link BenchmarkTask} (tasks are plugins: they come and go), checks
 * each (name, size, and its data hash recomputed from its data) and converts it for Weka on first
 * use, and again whenever its declared data hash changes (a new held-out epoch). A task that fails
 * its check is left out and logged.
 */
@Component(name = "org.qenex.ai.tasks", service = TaskCatalog.class)
public final class TrackedTaskCatalog implements TaskCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedTaskCatalog.class);

    private final Map<BenchmarkTask, Optional<TaskInstances>> tasks = new ConcurrentHashMap<>();

    @Activate
    public TrackedTaskCatalog() {
        // The first component to touch Weka: keep its package manager in the node's data folder, offline.
        WekaEnvironment.prepare(AiDataLocation.aiDir("data").resolve("weka"));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTask(BenchmarkTask task) {
        tasks.put(task, Optional.empty());
    }

    void removeTask(BenchmarkTask task) {
        tasks.remove(task);
    }

    @Override
    public List<TaskInstances> tasks() {
        List<TaskInstances> result = new ArrayList<>();
        for (BenchmarkTask task : List.copyOf(tasks.keySet())) {
            converted(task).ifPresent(result::add);
        }
        result.sort(Comparator.comparing(TaskInstances::name));
        // Two services with one name: the first by name order wins, the other is ignored.
        List<TaskInstances> unique = new ArrayList<>();
        for (TaskInstances task : result) {
            if (unique.stream().noneMatch(t -> t.name().equals(task.name()))) {
                unique.add(task);
            }
        }
        return unique;
    }

    @Override
    public Optional<TaskInstances> task(String name) {
        return tasks().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public List<BenchmarkTask> services() {
        List<String> valid = tasks().stream().map(TaskInstances::name).toList();
        return tasks.keySet().stream().filter(t -> valid.contains(t.name()))
                .sorted(Comparator.comparing(BenchmarkTask::name)).toList();
    }

    private Optional<TaskInstances> converted(BenchmarkTask task) {
        Optional<TaskInstances> known = tasks.get(task);
        if (known == null) {
            return Optional.empty();
        }
        // A task may draw new held-out rows by itself (a new epoch): its data hash says so, and it is converted again.
        String hash = task.dataHash();
        if (known.isPresent() && known.get().dataHash().equals(hash)) {
            return known;
        }
        synchronized (task) {
            Optional<TaskInstances> again = tasks.get(task);
            if (again != null && again.isPresent() && again.get().dataHash().equals(task.dataHash())) {
                return again;
            }
            try {
                Optional<TaskInstances> result = Optional.of(TaskInstances.of(task));
                tasks.replace(task, result);
                return result;
            } catch (RuntimeException e) {
                LOG.warn("Benchmark task {} is not used: {}", task.name(), e.getMessage());
                tasks.remove(task);
                return Optional.empty();
            }
        }
    }
}
