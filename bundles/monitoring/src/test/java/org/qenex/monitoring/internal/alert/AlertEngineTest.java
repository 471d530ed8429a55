package org.qenex.monitoring.internal.alert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.testing.ManualClock;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.event.testing.RecordingEventAdmin;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.api.work.testing.ManualWorkScheduler;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** Durations on a fake clock, firing once, resolving, rates and ratios, health rules; evaluations run by hand. */
public class AlertEngineTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T00:00:00Z"));
    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private final RecordingIncidentLog incidents = new RecordingIncidentLog();
    private final RecordingEventAdmin events = new RecordingEventAdmin("an alert must never wait for the event's handlers");
    private volatile double heapUsed = 10;
    private volatile double errors = 0;
    private volatile double requests = 0;
    private volatile String storageHealth = "UP";
    private final AlertEngine engine = new AlertEngine(scheduler, "node-1",
            Configs.of(AlertEngineConfiguration.class, Map.of()), clock, () -> false);

    public AlertEngineTest() {
        engine.setIncidents(incidents);
        engine.setEvents(events);
        engine.addCollector(this::metrics);
    }

    @After
    public void stop() {
        engine.deactivate();
    }

    private MetricSnapshots metrics() {
        GaugeSnapshot.Builder health = GaugeSnapshot.builder().name("qenex_health_check_status").help("h");
        for (String status : List.of("UP", "DEGRADED", "DOWN")) {
            health.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("check", "storage", "critical", "true", "status", status))
                    .value(status.equals(storageHealth) ? 1 : 0).build());
        }
        return MetricSnapshots.of(
                GaugeSnapshot.builder().name("jvm_memory_used_bytes").help("u")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("area", "heap")).value(heapUsed).build())
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("area", "nonheap")).value(500).build())
                        .build(),
                GaugeSnapshot.builder().name("jvm_memory_max_bytes").help("m")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("area", "heap")).value(100).build())
                        .build(),
                CounterSnapshot.builder().name("qenex_rest_responses").help("r")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("status_class", "2xx"))
                                .value(requests - errors).build())
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("status_class", "5xx"))
                                .value(errors).build())
                        .build(),
                health.build());
    }

    private static ConfiguredAlertRule rule(Map<String, Object> values) {
        return new ConfiguredAlertRule(Configs.of(AlertRuleConfiguration.class, values));
    }

    private static ConfiguredAlertRule heapRule() {
        return rule(Map.of("name", "heap", "metric", "jvm_memory_used_bytes", "labels", new String[] {"area=heap"},
                "divideBy", "jvm_memory_max_bytes", "divideByLabels", new String[] {"area=heap"}, "comparison", ">",
                "threshold", 0.9, "duration", "5m", "severity", "critical", "summary", "heap almost full"));
    }

    /** One evaluation, as the scheduler runs it, after {@code seconds} more on the clock. */
    private void after(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        assertEquals(1, scheduler.runAll());
    }

    @Test
    public void firesOnlyOnceTheConditionHeldForItsDurationAndOnlyOnceAtATime() {
        engine.addRule(heapRule());
        after(10);
        assertEquals("inactive", engine.alerts().get(0).state());
        heapUsed = 95;
        after(10);
        assertEquals("pending", engine.alerts().get(0).state());
        after(280);
        assertTrue("4m50s is not 5m", incidents.reported().isEmpty());
        heapUsed = 50;
        after(10);
        assertEquals("a dip resets the wait", "inactive", engine.alerts().get(0).state());
        heapUsed = 95;
        after(10);
        after(290);
        assertTrue(incidents.reported().isEmpty());
        after(10);
        Incident fired = incidents.only("alert");
        assertEquals("alert:heap", fired.part());
        assertEquals(HealthStatus.DOWN, fired.severity());
        assertEquals("firing", fired.outcome());
        assertTrue(fired.cause(), fired.cause().startsWith("heap almost full: jvm_memory_used_bytes{area=\"heap\"}"
                + " / jvm_memory_max_bytes{area=\"heap\"} > 0.9 for 5m 0s; value 0.95"));
        assertEquals(1, events.posted().size());
        assertEquals(QenexTopics.ALERT, events.posted().get(0).getTopic());
        assertEquals("firing", events.posted().get(0).getProperty(QenexTopics.STATE));
        assertEquals("critical", events.posted().get(0).getProperty(QenexTopics.SEVERITY));
        assertEquals("heap", events.posted().get(0).getProperty(QenexTopics.NAME));
        assertEquals(clock.millis(), events.posted().get(0).getProperty(QenexTopics.TIME));

        for (int i = 0; i < 20; i++) {
            after(60);
        }
        assertEquals("still firing: never a second incident", 1, incidents.reported().size());
        assertEquals(1, events.posted().size());
        assertEquals("firing", engine.alerts().get(0).state());
        assertEquals(0.95, engine.alerts().get(0).value(), 1e-9);

        heapUsed = 20;
        after(10);
        assertEquals(2, incidents.reported().size());
        Incident resolved = incidents.reported().get(incidents.reported().size() - 1);
        assertEquals("resolved", resolved.outcome());
        assertEquals(HealthStatus.UP, resolved.severity());
        assertEquals("resolved", events.posted().get(1).getProperty(QenexTopics.STATE));
        assertEquals("inactive", engine.alerts().get(0).state());
        assertNull(engine.alerts().get(0).since());
    }

    @Test
    public void aRateRuleComparesIncreasesPerEvaluationAndARatioItsShare() {
        engine.addRule(rule(Map.of("name", "errors", "metric", "qenex_rest_responses_total",
                "labels", new String[] {"status_class=5xx"}, "function", "rate", "divideBy", "qenex_rest_responses_total",
                "comparison", ">", "threshold", 0.05)));
        engine.addRule(rule(Map.of("name", "error-rate", "metric", "qenex_rest_responses_total",
                "labels", new String[] {"status_class=5xx"}, "function", "rate", "comparison", ">=", "threshold", 1.0)));
        after(10);
        assertNull("a rate needs two evaluations", engine.alerts().get(0).value());
        requests = 1000;
        errors = 10;
        after(10);
        assertEquals(0.01, value("errors"), 1e-9);
        assertEquals(1.0, value("error-rate"), 1e-9);
        assertEquals(List.of("alert:error-rate"), incidents.reported().stream().map(Incident::part).toList());
        requests = 1100;
        errors = 30;
        after(10);
        assertEquals("20 of the last 100 requests failed", 0.2, value("errors"), 1e-9);
        assertEquals(2.0, value("error-rate"), 1e-9);
        assertEquals(List.of("alert:error-rate", "alert:errors"), incidents.reported().stream().map(Incident::part).toList());
        requests = 1100;
        after(10);
        assertNull("no request at all: no data, and the ratio resolves", engine.alerts().stream()
                .filter(a -> a.name().equals("errors")).findFirst().orElseThrow().value());
        assertEquals("resolved", incidents.reported().get(incidents.reported().size() - 1).outcome());
    }

    @Test
    public void aHealthRuleHoldsWhileTheCheckIsInItsStatusOrWorse() {
        engine.addRule(rule(Map.of("name", "storage-degraded", "health", "storage", "healthStatus", "DEGRADED")));
        engine.addRule(rule(Map.of("name", "any-down", "health", "*", "severity", "critical")));
        after(10);
        assertTrue(incidents.reported().isEmpty());
        storageHealth = "DEGRADED";
        after(10);
        assertEquals(List.of("alert:storage-degraded"), incidents.reported().stream().map(Incident::part).toList());
        storageHealth = "DOWN";
        after(10);
        assertEquals(List.of("alert:storage-degraded", "alert:any-down"), incidents.reported().stream().map(Incident::part).toList());
        assertEquals("health(storage) is DEGRADED or worse", engine.alerts().stream()
                .filter(a -> a.name().equals("storage-degraded")).findFirst().orElseThrow().condition());
    }

    @Test
    public void aRemovedRuleResolvesAndADuplicateNameIsIgnored() {
        ConfiguredAlertRule heap = heapRule();
        engine.addRule(heap);
        engine.addRule(rule(Map.of("name", "heap", "metric", "jvm_memory_used_bytes", "threshold", 0.0)));
        assertEquals(1, engine.alerts().size());
        heapUsed = 99;
        after(10);
        after(300);
        assertEquals("firing", engine.alerts().get(0).state());
        engine.removeRule(heap);
        assertEquals(List.of("firing", "resolved"), incidents.reported().stream().map(Incident::outcome).toList());
        assertTrue(incidents.reported().get(1).cause().endsWith("its rule was removed or changed"));
        assertTrue(engine.alerts().isEmpty());
    }

    /** The engine remembers which families its rules read: a rule added or removed changes what the next scrape takes. */
    @Test
    public void theScrapeTakesTheFamiliesOfTheRulesConfiguredAtEachEvaluation() {
        List<String> taken = new CopyOnWriteArrayList<>();
        engine.addCollector(new io.prometheus.metrics.model.registry.MultiCollector() {
            @Override
            public MetricSnapshots collect() {
                throw new AssertionError("the engine asks only for the families its rules read");
            }

            @Override
            public MetricSnapshots collect(java.util.function.Predicate<String> included) {
                for (String family : List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "qenex_rest_responses",
                        "qenex_storage_disk_free_bytes")) {
                    if (included.test(family)) {
                        taken.add(family);
                    }
                }
                return new MetricSnapshots(List.of());
            }
        });
        ConfiguredAlertRule heap = heapRule();
        engine.addRule(heap);
        after(10);
        assertEquals(List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes"), taken);

        taken.clear();
        requests = 10;
        engine.addRule(rule(Map.of("name", "requests", "metric", "qenex_rest_responses_total", "threshold", 5.0)));
        after(10);
        assertEquals(List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "qenex_rest_responses"), taken);
        assertEquals("a rule added after an evaluation reads its family at the next", "firing", engine.alerts().get(0).state());

        taken.clear();
        engine.removeRule(heap);
        after(10);
        assertEquals(List.of("qenex_rest_responses"), taken);
    }

    @Test
    public void rulesLeavingWithTheStoppingBundleResolveNothing() {
        AlertEngine stopping = new AlertEngine(new ManualWorkScheduler(), "node-1",
                Configs.of(AlertEngineConfiguration.class, Map.of()), clock, () -> true);
        stopping.setIncidents(incidents);
        stopping.addCollector(this::metrics);
        ConfiguredAlertRule heap = rule(Map.of("name", "heap", "metric", "jvm_memory_used_bytes", "labels",
                new String[] {"area=heap"}, "threshold", 5.0));
        stopping.addRule(heap);
        stopping.evaluate();
        assertEquals(List.of("firing"), incidents.reported().stream().map(Incident::outcome).toList());
        stopping.removeRule(heap);
        assertEquals("the node shuts down: it fires again at the next start if it still holds",
                List.of("firing"), incidents.reported().stream().map(Incident::outcome).toList());
        stopping.deactivate();
    }

    @Test
    public void invalidRulesAreRefusedWithTheirReason() {
        assertRefused(Map.of("name", "bad name!", "metric", "x"), "name");
        assertRefused(Map.of("name", "both", "metric", "x", "health", "storage"), "not both");
        assertRefused(Map.of("name", "neither"), "not neither");
        assertRefused(Map.of("name", "cmp", "metric", "x", "comparison", "=>"), "comparison");
        assertRefused(Map.of("name", "dur", "metric", "x", "duration", "5 minutes"), "duration");
        assertRefused(Map.of("name", "sev", "metric", "x", "severity", "page"), "severity");
        assertRefused(Map.of("name", "hook", "metric", "x", "webhook", "ftp://example.org/x"), "webhook");
        assertRefused(Map.of("name", "lbl", "metric", "x", "labels", new String[] {"area"}), "label=value");
    }

    private static void assertRefused(Map<String, Object> config, String reason) {
        try {
            rule(config);
            fail(config + " was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() + " should say " + reason, e.getMessage().contains(reason));
        }
    }

    private double value(String name) {
        Double value = engine.alerts().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().value();
        assertTrue(name + " has no value", value != null);
        return value;
    }
}
