package org.qenex.api.work.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;

public class ManualWorkSchedulerTest {

    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private final AtomicInteger ran = new AtomicInteger();

    @Test
    public void runsNothingUntilTheTestSaysSoThenKeepsPeriodicJobsScheduled() {
        JobHandle periodic = scheduler.schedule("tick", JobPriority.LOW, Duration.ZERO, Duration.ofSeconds(5), ran::incrementAndGet);
        JobHandle once = scheduler.submit("once", JobPriority.NORMAL, ran::incrementAndGet);
        assertEquals(0, ran.get());
        assertEquals(2, scheduler.runAll());
        assertEquals(1, scheduler.runAll());
        assertEquals(3, ran.get());
        assertEquals(JobState.SCHEDULED, periodic.state());
        assertEquals(2, periodic.runs());
        assertEquals(JobState.COMPLETED, once.state());
        assertEquals(2, scheduler.jobs().size());
    }

    @Test
    public void aFailedOneOffJobKeepsItsErrorAndACancelledJobNoLongerRuns() {
        JobHandle failing = scheduler.submit("failing", JobPriority.HIGH, () -> {
            throw new IllegalStateException("disk full");
        });
        JobHandle periodic = scheduler.scheduleAtFixedRate("tick", JobPriority.LOW, Duration.ZERO, Duration.ofSeconds(1), ran::incrementAndGet);
        scheduler.runAll();
        assertEquals(JobState.FAILED, failing.state());
        assertTrue(failing.lastError().orElseThrow().contains("disk full"));
        assertTrue(periodic.cancel());
        assertFalse("already cancelled", periodic.cancel());
        assertEquals(0, scheduler.runAll());
        assertEquals(1, ran.get());
        assertEquals("finished and cancelled jobs keep their names", List.of("failing", "tick"), scheduler.names());
    }

    @Test
    public void aComponentThatPlansItsNextRunFromEachRunCanBeSteppedOneRunAtATime() {
        JobHandle first = scheduler.schedule("look", JobPriority.HIGH, Duration.ofMillis(500), null, () -> {
            scheduler.schedule("look", JobPriority.HIGH, Duration.ofSeconds(5), null, ran::incrementAndGet);
            scheduler.submit("verify", JobPriority.LOW, ran::incrementAndGet);
            scheduler.submit("verify", JobPriority.LOW, ran::incrementAndGet);
        });
        assertEquals(first, scheduler.last("look"));
        assertEquals(Duration.ofMillis(500), scheduler.initialDelay(first));
        scheduler.run(first);
        JobHandle next = scheduler.last("look");
        assertEquals(Duration.ofSeconds(5), scheduler.initialDelay(next));
        assertEquals("the one job run, nothing else", 0, ran.get());
        assertEquals(2, scheduler.runAll("verify"));
        assertEquals(0, scheduler.runAll("verify"));
        assertEquals(2, ran.get());
        assertEquals(JobState.SCHEDULED, next.state());
        assertThrows(AssertionError.class, () -> scheduler.last("none"));
    }
}
