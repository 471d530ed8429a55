package org.qenex.ai.internal;

import java.nio.file.Paths;
import java.util.List;

import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.weka.WekaEnvironment;
import org.qenex.ai.tasks.internal.CodePackageTask;
import org.qenex.ai.tasks.internal.LanguageIdentificationTask;
import org.qenex.ai.tasks.internal.ProductRelationTask;
import org.qenex.api.ai.BenchmarkTask;

/** The three built-in tasks, converted once per test JVM (they are read-only). */
public final class BuiltInTaskFixtures {

    /** The public held-out secret tests and demos use (never a network's real one): its data hashes are pinned. */
    public static final String PUBLIC_SECRET = "qenex-genesis";

    private static List<TaskInstances> tasks;

    private BuiltInTaskFixtures() {
    }

    public static synchronized List<TaskInstances> all() {
        if (tasks == null) {
            WekaEnvironment.prepare(Paths.get("target", "wekafiles"));
            tasks = List.of(TaskInstances.of(new CodePackageTask(PUBLIC_SECRET, 0)), TaskInstances.of(new LanguageIdentificationTask(PUBLIC_SECRET, 0)),
                    TaskInstances.of(mathematicsTask()));
        }
        return tasks;
    }

    public static TaskInstances named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    public static List<BenchmarkTask> services() {
        return List.of(new CodePackageTask(PUBLIC_SECRET, 0), new LanguageIdentificationTask(PUBLIC_SECRET, 0), mathematicsTask());
    }

    public static BenchmarkTask mathematicsTask() {
        return new ProductRelationTask(PUBLIC_SECRET, 0);
    }
}
