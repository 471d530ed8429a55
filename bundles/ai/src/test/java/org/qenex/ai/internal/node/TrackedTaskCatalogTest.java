package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Dataset;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;

/**
 * A task whose declared data hash does not match its data is refused when it arrives, with an
 * incident and a health status; a task the same jar registered and passed before is checked on
 * first use instead, so a restart draws no task data.
 */
public class TrackedTaskCatalogTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final RecordingIncidentLog incidents = new RecordingIncidentLog();
    private final TrackedTaskCatalog catalog = new TrackedTaskCatalog(incidents, Runnable::run);

    @Test
    public void aTaskWithAWrongDataHashIsRefusedOnRegistrationWithAnIncidentAndADegradedCheck() {
        assertEquals(HealthStatus.UP, catalog.check().status());

        BenchmarkTask bad = task("demo.bad", "00".repeat(32));
        catalog.addTask(bad, null);

        // Nobody has listed the tasks: the refusal is already recorded.
        assertEquals(1, incidents.reported().size());
        Incident incident = incidents.reported().get(0);
        assertEquals("health:ai.tasks", incident.part());
        assertEquals(HealthStatus.DEGRADED, incident.severity());
        assertTrue(incident.cause(), incident.cause().contains("demo.bad") && incident.cause().contains("declares data hash"));
        assertEquals("refuse task demo.bad", incident.action());
        HealthResult health = catalog.check();
        assertEquals(HealthStatus.DEGRADED, health.status());
        assertTrue(health.message(), health.message().contains("demo.bad"));
        assertTrue(catalog.tasks().isEmpty());
        assertEquals("listing does not report it again", 1, incidents.reported().size());

        catalog.removeTask(bad, null);
        assertEquals("its service is gone: nothing left to show", HealthStatus.UP, catalog.check().status());
    }

    @Test
    public void aTaskWhoseHashMatchesIsAcceptedQuietly() {
        BenchmarkTask good = task("demo.good", null);
        catalog.addTask(good, null);
        assertTrue(incidents.reported().isEmpty());
        assertEquals(HealthStatus.UP, catalog.check().status());
        assertEquals(List.of("demo.good"), catalog.tasks().stream().map(t -> t.name()).toList());
    }

    @Test
    public void aRestartDrawsNoDataOfATaskTheSameJarRegisteredAndPassedBefore() throws Exception {
        Path file = folder.getRoot().toPath().resolve("ai/verified-tasks");
        AtomicInteger draws = new AtomicInteger();
        BenchmarkTask counted = task("demo.good", null, draws);
        ServiceReference<BenchmarkTask> fromJar = reference(bundle("com.example.tasks", "1.0.0", 1000L));

        new TrackedTaskCatalog(incidents, Runnable::run, new VerifiedTasks(file)).addTask(counted, fromJar);
        assertEquals("the first start checks the task when it arrives", 1, draws.get());

        TrackedTaskCatalog restarted = new TrackedTaskCatalog(incidents, Runnable::run, new VerifiedTasks(file));
        restarted.addTask(counted, fromJar);
        assertEquals("the same jar's task is not drawn at registration after a restart", 1, draws.get());
        assertEquals(HealthStatus.UP, restarted.check().status());
        assertEquals(List.of("demo.good"), restarted.tasks().stream().map(t -> t.name()).toList());
        assertEquals("it is checked on first use", 2, draws.get());

        TrackedTaskCatalog updated = new TrackedTaskCatalog(incidents, Runnable::run, new VerifiedTasks(file));
        updated.addTask(counted, reference(bundle("com.example.tasks", "1.0.0", 2000L)));
        assertEquals("a new jar of the same version is checked when it arrives", 3, draws.get());
        assertEquals("one line per bundle and task: the older jar's is replaced", 1, Files.readAllLines(file).size());
    }

    @Test
    public void aRefusedTaskIsNotRememberedAndIsRefusedAgainAfterARestart() throws Exception {
        Path file = folder.getRoot().toPath().resolve("ai/verified-tasks");
        BenchmarkTask bad = task("demo.bad", "00".repeat(32));
        ServiceReference<BenchmarkTask> fromJar = reference(bundle("com.example.tasks", "1.0.0", 1000L));
        new TrackedTaskCatalog(incidents, Runnable::run, new VerifiedTasks(file)).addTask(bad, fromJar);
        TrackedTaskCatalog restarted = new TrackedTaskCatalog(incidents, Runnable::run, new VerifiedTasks(file));
        restarted.addTask(bad, fromJar);
        assertEquals("refused at each start, when it arrives", 2, incidents.reported().size());
        assertEquals(HealthStatus.DEGRADED, restarted.check().status());
    }

    private static Bundle bundle(String symbolicName, String version, long lastModified) {
        return proxy(Bundle.class, (p, m, a) -> switch (m.getName()) {
            case "getSymbolicName" -> symbolicName;
            case "getVersion" -> Version.parseVersion(version);
            case "getLastModified" -> lastModified;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<BenchmarkTask> reference(Bundle bundle) {
        return proxy(ServiceReference.class, (p, m, a) -> switch (m.getName()) {
            case "getBundle" -> bundle;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(TrackedTaskCatalogTest.class.getClassLoader(), new Class<?>[] { type },
                handler));
    }

    private static BenchmarkTask task(String name, String declaredHash) {
        return task(name, declaredHash, new AtomicInteger());
    }

    /** A tiny task; {@code declaredHash} null means the true hash of its data; {@code draws} counts calls of data(). */
    private static BenchmarkTask task(String name, String declaredHash, AtomicInteger draws) {
        List<Attribute> attributes = List.of(Attribute.numeric("x"), Attribute.nominal("y", List.of("a", "b")));
        Dataset split = new Dataset(attributes, 1, List.of(List.of("1", "a"), List.of("2", "b")));
        TaskData data = new TaskData(split, split, split);
        String hash = declaredHash != null ? declaredHash : data.sha256();
        return new BenchmarkTask() {
            @Override
            public String domain() {
                return "demo";
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public String description() {
                return "y from x";
            }

            @Override
            public Metric metric() {
                return Metric.ACCURACY;
            }

            @Override
            public TaskData data() {
                draws.incrementAndGet();
                return data;
            }

            @Override
            public String dataHash() {
                return hash;
            }
        };
    }
}
