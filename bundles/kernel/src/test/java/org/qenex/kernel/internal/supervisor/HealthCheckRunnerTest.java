package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        Map<Long, HealthCheckRunner.Answer> results = runner.runAll(Map.of(
                1L, () -> HealthResult.up("fine"),
                2L, () -> HealthResult.degraded("slow")), 5_000);
        assertEquals(HealthResult.up("fine"), results.get(1L).result());
        assertEquals(HealthResult.degraded("slow"), results.get(2L).result());
        assertFalse(results.get(1L).unanswered());
    }

    @Test
    public void aThrowingCheckIsDown() throws Exception {
        HealthCheck throwing = () -> {
            throw new IllegalStateException("database gone");
        };
        HealthCheckRunner.Answer answer = runner.runAll(Map.of(1L, throwing), 5_000).get(1L);
        assertEquals(HealthStatus.DOWN, answer.result().status());
        assertTrue(answer.result().message(), answer.result().message().contains("database gone"));
        assertFalse("a check that threw did answer: DOWN", answer.unanswered());
    }

    @Test
    public void aSlowCheckIsUnansweredAndLeftToFinishUninterrupted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        HealthCheck slow = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            finished.countDown();
            return HealthResult.up("late");
        };
        HealthCheckRunner.Answer answer = runner.runAll(Map.of(1L, slow), 50).get(1L);
        assertTrue(answer.unanswered());
        assertEquals(HealthStatus.DOWN, answer.result().status());
        assertTrue(answer.result().message(), answer.result().message().contains("50 ms"));
        release.countDown();
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertFalse("a slow check (reading a file, say) must not be interrupted", interrupted.get());
        // the check's own latch falls just before its run is marked ended: ask until the runner has seen the end
        HealthCheckRunner.Answer again = runner.runAll(Map.of(1L, slow), 5_000).get(1L);
        for (int i = 0; i < 500 && again.unanswered(); i++) {
            Thread.sleep(2);
            again = runner.runAll(Map.of(1L, slow), 5_000).get(1L);
        }
        assertFalse("once it ended it runs again, and answers", again.unanswered());
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
        assertTrue(runner.runAll(Map.of(1L, hung), 50).get(1L).unanswered());
        HealthCheckRunner.Answer second = runner.runAll(Map.of(1L, hung), 50).get(1L);
        assertTrue(second.unanswered());
        assertTrue(second.result().message(), second.result().message().contains("previous run"));
        assertEquals(1, starts.get());
        release.countDown();
    }
}
