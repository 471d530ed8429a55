package org.qenex.ai.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Paths;
import java.util.List;

import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.weka.WekaEnvironment;
import org.qenex.ai.tasks.internal.CodePackageTask;
import org.qenex.ai.tasks.internal.LanguageIdentificationTask;
import org.qenex.ai.tasks.internal.ProductRelationConfiguration;
import org.qenex.ai.tasks.internal.ProductRelationTask;
import org.qenex.api.ai.BenchmarkTask;

/** The three built-in tasks, converted once per test JVM (they are read-only). */
public final class BuiltInTaskFixtures {

    private static List<TaskInstances> tasks;

    private BuiltInTaskFixtures() {
    }

    public static synchronized List<TaskInstances> all() {
        if (tasks == null) {
            WekaEnvironment.prepare(Paths.get("target", "wekafiles"));
            tasks = List.of(TaskInstances.of(new CodePackageTask()), TaskInstances.of(new LanguageIdentificationTask()),
                    TaskInstances.of(mathematicsTask()));
        }
        return tasks;
    }

    public static TaskInstances named(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    public static List<BenchmarkTask> services() {
        return List.of(new CodePackageTask(), new LanguageIdentificationTask(), mathematicsTask());
    }

    public static BenchmarkTask mathematicsTask() {
        return new ProductRelationTask(new ProductRelationConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ProductRelationConfiguration.class;
            }

            @Override
            public long epoch() {
                return 0;
            }

            @Override
            public String heldOutSecret() {
                return "qenex-genesis";
            }

            @Override
            public String fallbackDataDir() {
                return "target";
            }
        });
    }
}
