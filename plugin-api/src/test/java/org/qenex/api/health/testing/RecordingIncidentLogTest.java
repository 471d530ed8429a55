package org.qenex.api.health.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;

public class RecordingIncidentLogTest {

    private final Instant now = Instant.parse("2026-01-02T03:04:05Z");
    private final RecordingIncidentLog log = new RecordingIncidentLog(Clock.fixed(now, ZoneOffset.UTC));

    @Test
    public void numbersIncidentsFromOneAndAnswersNewestFirstLikeTheKernelsLog() {
        log.report("bundle:a", HealthStatus.DEGRADED, "first", "restart (attempt 1)", "ok");
        log.report("bundle:b", HealthStatus.DOWN, "second", null, null);
        log.report("bundle:a", HealthStatus.UP, "third", "forget", "");

        assertEquals(List.of(1L, 2L, 3L), log.reported().stream().map(Incident::sequence).toList());
        assertEquals(now, log.reported().get(0).time());
        assertEquals(List.of("third", "second"), log.recent(2).stream().map(Incident::cause).toList());
        assertEquals(List.of("third", "first"), log.recent("bundle:a", 5).stream().map(Incident::cause).toList());
        assertEquals(List.of("first"), log.withAction("restart").stream().map(Incident::cause).toList());
        assertEquals(List.of("second"), log.about("bundle:b").stream().map(Incident::cause).toList());
        assertEquals("none", log.about("bundle:b").get(0).action());
        assertEquals("third", log.only("forget").cause());
        assertThrows(AssertionError.class, () -> log.only("quarantine"));
    }

    @Test
    public void awaitReturnsAnIncidentReportedByAnotherThread() throws Exception {
        CompletableFuture<Incident> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return log.await("quarantine", Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        log.report("health:x", HealthStatus.DEGRADED, "failing", "restart", "");
        log.report("health:x", HealthStatus.DOWN, "still failing", "quarantine", "stopped");
        assertEquals("still failing", waiting.get(10, TimeUnit.SECONDS).cause());
    }

    @Test
    public void awaitFailsNamingWhatWasReportedInstead() {
        log.report("health:x", HealthStatus.DEGRADED, "failing", "restart", "");
        AssertionError failure = assertThrows(AssertionError.class, () -> log.await("quarantine", Duration.ofMillis(20)));
        assertTrue(failure.getMessage(), failure.getMessage().contains("failing"));
    }
}
