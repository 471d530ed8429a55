package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;

public class HealthCheckRunnerTest {

    private final HealthCheckRunner runner = new HealthCheckRunner();

    @After
    public void close() {
        runner.close();
    }

    @Test
    public void resultsOfWellBehavedChecksAreReturned() throws Exception {
        Map<Long, HealthResult> results = runner.runAll(Map.of(
                1L, () -> HealthResult.up("fine"),
                2L, () -> HealthResult.degraded("slow")), 5_000);
        assertEquals(HealthResult.up("fine"), results.get(1L));
        assertEquals(HealthResult.degraded("slow"), results.get(2L));
    }

    @Test
    public void aThrowingCheckIsDown() throws Exception {
        HealthCheck throwing = () -> {
            throw new IllegalStateException("database gone");
        };
        HealthResult result = runner.runAll(Map.of(1L, throwing), 5_000).get(1L);
        assertEquals(HealthStatus.DOWN, result.status());
        assertTrue(result.message(), result.message().contains("database gone"));
    }

    @Test
    public void aSlowCheckIsDownAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        HealthCheck slow = () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return HealthResult.up("too late");
        };
        HealthResult result = runner.runAll(Map.of(1L, slow), 50).get(1L);
        assertEquals(HealthStatus.DOWN, result.status());
        assertTrue(result.message(), result.message().contains("50 ms"));
        assertTrue("the timed-out check must be interrupted", interrupted.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void aHungCheckIsNotStartedAgainWhileItsRunLasts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger starts = new AtomicInteger();
        HealthCheck hung = () -> {
            starts.incrementAndGet();
            while (true) {
                try {
                    release.await(); // ignores interruption, like a badly written check
                    return HealthResult.up("released");
                } catch (InterruptedException e) {
                    // keep hanging
                }
            }
        };
        assertEquals(HealthStatus.DOWN, runner.runAll(Map.of(1L, hung), 50).get(1L).status());
        HealthResult second = runner.runAll(Map.of(1L, hung), 50).get(1L);
        assertEquals(HealthStatus.DOWN, second.status());
        assertTrue(second.message(), second.message().contains("previous run"));
        assertEquals(1, starts.get());
        release.countDown();
    }
}
