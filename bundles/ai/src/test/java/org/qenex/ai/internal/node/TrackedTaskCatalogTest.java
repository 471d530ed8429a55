package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.Dataset;
import org.qenex.api.ai.Metric;
import org.qenex.api.ai.TaskData;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;

/** A task whose declared data hash does not match its data is refused when it arrives, with an incident and a health status. */
public class TrackedTaskCatalogTest {

    private final RecordingIncidentLog incidents = new RecordingIncidentLog();
    private final TrackedTaskCatalog catalog = new TrackedTaskCatalog(incidents, Runnable::run);

    @Test
    public void aTaskWithAWrongDataHashIsRefusedOnRegistrationWithAnIncidentAndADegradedCheck() {
        assertEquals(HealthStatus.UP, catalog.check().status());

        BenchmarkTask bad = task("demo.bad", "00".repeat(32));
        catalog.addTask(bad);

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

        catalog.removeTask(bad);
        assertEquals("its service is gone: nothing left to show", HealthStatus.UP, catalog.check().status());
    }

    @Test
    public void aTaskWhoseHashMatchesIsAcceptedQuietly() {
        BenchmarkTask good = task("demo.good", null);
        catalog.addTask(good);
        assertTrue(incidents.reported().isEmpty());
        assertEquals(HealthStatus.UP, catalog.check().status());
        assertEquals(List.of("demo.good"), catalog.tasks().stream().map(t -> t.name()).toList());
    }

    /** A tiny task; {@code declaredHash} null means the true hash of its data. */
    private static BenchmarkTask task(String name, String declaredHash) {
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
                return data;
            }

            @Override
            public String dataHash() {
                return hash;
            }
        };
    }
}
