package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.weka.WekaEnvironment;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.node.NodeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every registered {@link BenchmarkTask} (tasks are plugins: they come and go), checks
 * each (name, size, and its data hash recomputed from its data) and converts it for Weka as soon
 * as it is registered, off the registering thread, and again whenever its declared data hash
 * changes (a new held-out epoch). A task that fails its check is left out, recorded as an
 * incident and shown by the health check {@value #HEALTH_NAME} (DEGRADED: the node works on
 * without it) until its service goes away.
 *
 * <p>A task that passed on an earlier start, registered again by the very same jar
 * ({@link VerifiedTasks}), is not checked at registration but when it is first used: a restart
 * then reads no task data until the improver, a candidate or a listing needs it.
 */
@Component(name = "org.qenex.ai.tasks", service = {TaskCatalog.class, HealthCheck.class},
        property = HealthCheck.NAME + "=" + TrackedTaskCatalog.HEALTH_NAME)
public final class TrackedTaskCatalog implements TaskCatalog, HealthCheck {

    static final String HEALTH_NAME = "ai.tasks";
    /** Incidents name the health part, so {@code qenex:health} shows the refusal beside the check that reports it. */
    private static final String PART = "health:" + HEALTH_NAME;
    private static final Logger LOG = LoggerFactory.getLogger(TrackedTaskCatalog.class);

    private final Map<BenchmarkTask, Optional<TaskInstances>> tasks = new ConcurrentHashMap<>();
    /** Tasks whose check failed, with why, until their service is unregistered. */
    private final Map<BenchmarkTask, String> refused = new ConcurrentHashMap<>();
    private final IncidentLog incidents;
    private final Executor checker;
    private final ExecutorService ownChecker;
    private final VerifiedTasks verified;

    @Activate
    public TrackedTaskCatalog(@Reference IncidentLog incidents, @Reference NodeContext node) {
        this(incidents, preparedChecker(node), new VerifiedTasks(node.dataFolder().resolve("verified-tasks")));
    }

    private static ExecutorService preparedChecker(NodeContext node) {
        // The first component to touch Weka: keep its package manager in the bundle's data folder, offline.
        WekaEnvironment.prepare(node.dataFolder().resolve("weka"));
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "qenex-ai-task-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    private TrackedTaskCatalog(IncidentLog incidents, ExecutorService ownChecker, VerifiedTasks verified) {
        this.incidents = incidents;
        this.checker = ownChecker;
        this.ownChecker = ownChecker;
        this.verified = verified;
    }

    /** For tests: checks run on {@code checker}, for example the calling thread; nothing verified is remembered. */
    TrackedTaskCatalog(IncidentLog incidents, Executor checker) {
        this(incidents, checker, new VerifiedTasks(null));
    }

    /** For tests: remembering the tasks that passed in {@code verified}. */
    TrackedTaskCatalog(IncidentLog incidents, Executor checker, VerifiedTasks verified) {
        this.incidents = incidents;
        this.checker = checker;
        this.ownChecker = null;
        this.verified = verified;
    }

    @Deactivate
    void deactivate() {
        if (ownChecker != null) {
            ownChecker.shutdownNow();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeTask")
    void addTask(BenchmarkTask task, ServiceReference<BenchmarkTask> reference) {
        tasks.put(task, Optional.empty());
        Bundle origin = reference == null ? null : reference.getBundle();
        try {
            // Checked now, not when someone first lists tasks: a bad hash is reported when the task arrives.
            checker.execute(() -> checkArrived(task, origin));
        } catch (RejectedExecutionException e) {
            // Deactivating: the next catalog checks it.
        }
    }

    private void checkArrived(BenchmarkTask task, Bundle origin) {
        String key;
        try {
            key = VerifiedTasks.key(origin, task.name(), task.version());
        } catch (RuntimeException e) {
            key = ""; // task code is not ours: the full check reports what is wrong with it
        }
        if (verified.contains(key)) {
            LOG.debug("Benchmark task {} passed its check when this jar registered it before; checked on first use", key);
            return;
        }
        if (converted(task).isPresent()) {
            verified.add(key);
        }
    }

    void removeTask(BenchmarkTask task, ServiceReference<BenchmarkTask> reference) {
        tasks.remove(task);
        refused.remove(task);
    }

    @Override
    public HealthResult check() {
        if (refused.isEmpty()) {
            return HealthResult.up(tasks.size() + " task(s) registered");
        }
        List<String> reasons = new ArrayList<>(refused.values());
        Collections.sort(reasons);
        return HealthResult.degraded("refused " + reasons.size() + " task(s): " + String.join("; ", reasons));
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
                refuse(task, e);
                return Optional.empty();
            }
        }
    }

    private void refuse(BenchmarkTask task, RuntimeException e) {
        if (tasks.remove(task) == null) {
            return; // unregistered meanwhile
        }
        String name = safeName(task);
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("Benchmark task {} is not used: {}", name, reason);
        refused.put(task, reason);
        incidents.report(PART, HealthStatus.DEGRADED, reason, "refuse task " + name,
                "not used for training or judging until a corrected version is registered");
    }

    /** Task code is not ours: a name that throws must not hide the refusal. */
    private static String safeName(BenchmarkTask task) {
        try {
            return task.name();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
