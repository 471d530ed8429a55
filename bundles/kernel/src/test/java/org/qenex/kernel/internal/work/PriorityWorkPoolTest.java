package org.qenex.kernel.internal.work;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;

public class PriorityWorkPoolTest {

    private static final String OWNER = "org.qenex.test [42]";

    private final java.util.concurrent.atomic.AtomicBoolean serviceBusy = new java.util.concurrent.atomic.AtomicBoolean();
    /** Counts down each time a worker looks at a LOW job and is told to hold it back. */
    private final java.util.concurrent.Semaphore heldBack = new java.util.concurrent.Semaphore(0);
    private final PriorityWorkPool pool = new PriorityWorkPool(2, () -> {
        boolean busy = serviceBusy.get();
        if (busy) {
            heldBack.release();
        }
        return busy;
    });
    private static final ServiceLoad QUIET = new ServiceLoad() {
        @Override
        public boolean busy() {
            return false;
        }

        @Override
        public boolean awaitQuiet(Duration maxWait) {
            return true;
        }

        @Override
        public String describe() {
            return "quiet";
        }
    };

    @After
    public void stop() throws InterruptedException {
        assertTrue("workers must stop", pool.stop(Duration.ofSeconds(5)));
    }

    /** Polls because a handle's state changes on a worker thread after the job's code returned. */
    private static void awaitState(JobHandle job, JobState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (job.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(state, job.state());
    }

    @Test
    public void withLimitOneHigherPrioritiesRunFirstAndEqualOnesInOrder() throws Exception {
        pool.setLimit(1);
        CountDownLatch blockerRuns = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(OWNER, "blocker", JobPriority.LOW, () -> {
            blockerRuns.countDown();
            awaitQuietly(release);
        });
        assertTrue(blockerRuns.await(5, TimeUnit.SECONDS));

        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(4);
        for (String[] job : new String[][] { { "low", "LOW" }, { "normal-1", "NORMAL" }, { "high", "HIGH" },
                { "normal-2", "NORMAL" } }) {
            pool.submit(OWNER, job[0], JobPriority.valueOf(job[1]), () -> {
                order.add(job[0]);
                done.countDown();
            });
        }
        // HIGH (block production) has a worker of its own: it runs although the one slot is taken.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (done.getCount() > 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("high"), order);
        assertEquals(3, pool.stats().queued());
        assertEquals(1, pool.stats().running());
        release.countDown();

        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("high", "normal-1", "normal-2", "low"), order);
    }

    @Test
    public void lowJobsWaitWhileTheServiceIsBusyAndOthersDoNot() throws Exception {
        serviceBusy.set(true);
        CountDownLatch lowRan = new CountDownLatch(1);
        CountDownLatch normalRan = new CountDownLatch(1);
        pool.submit(OWNER, "improver", JobPriority.LOW, lowRan::countDown);
        pool.submit(OWNER, "verify", JobPriority.NORMAL, normalRan::countDown);
        assertTrue(normalRan.await(5, TimeUnit.SECONDS));
        // Proof that a worker considered the LOW job and decided to hold it, twice, rather than a guess at how long to wait.
        assertTrue(heldBack.tryAcquire(2, 5, TimeUnit.SECONDS));
        assertEquals("a LOW job started while the service was busy", 1, lowRan.getCount());
        assertEquals(1, pool.stats().queued());
        serviceBusy.set(false);
        assertTrue(lowRan.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void highJobsRunWhileBackgroundJobsFillEverySlot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothRun = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.submit(OWNER, "training-" + i, JobPriority.LOW, () -> {
                bothRun.countDown();
                awaitQuietly(release);
            });
        }
        assertTrue(bothRun.await(5, TimeUnit.SECONDS));
        CountDownLatch block = new CountDownLatch(1);
        pool.submit(OWNER, "block", JobPriority.HIGH, block::countDown);
        try {
            assertTrue("block production waited for background work", block.await(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    @Test
    public void theLimitIsBoundedByOneAndTheMaximum() {
        pool.setLimit(0);
        assertEquals(1, pool.stats().limit());
        pool.setLimit(99);
        assertEquals(2, pool.stats().limit());
        assertEquals(2, pool.stats().maxConcurrency());
    }

    @Test
    public void aPeriodicJobRunsAgainAPeriodAfterEachRunEnds() throws Exception {
        int runs = 3;
        long periodMs = 20;
        long[] starts = new long[runs];
        long[] ends = new long[runs];
        CountDownLatch done = new CountDownLatch(runs);
        int[] run = { 0 };
        JobHandle job = pool.schedule(OWNER, "tick", JobPriority.NORMAL, Duration.ZERO, Duration.ofMillis(periodMs),
                () -> {
                    if (run[0] >= runs) {
                        return;
                    }
                    starts[run[0]] = System.nanoTime();
                    sleepQuietly(30); // longer than the period: a fixed-rate schedule would start the next run at once
                    ends[run[0]] = System.nanoTime();
                    run[0]++;
                    done.countDown();
                });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        for (int i = 1; i < runs; i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(starts[i] - ends[i - 1]);
            assertTrue("gap " + gapMs + " ms after run " + i, gapMs >= periodMs - 1);
        }
        // the latch counts down inside the third run; the pool counts the run once it has returned
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (job.runs() < runs && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue("runs " + job.runs(), job.runs() >= runs);
        assertTrue(job.cancel());
        assertEquals(JobState.CANCELLED, job.state());
    }

    @Test
    public void cancelInterruptsARunningJob() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        JobHandle job = pool.submit(OWNER, "sleeper", JobPriority.NORMAL, () -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(JobState.RUNNING, job.state());

        assertTrue(job.cancel());

        assertTrue("the run must be interrupted", interrupted.await(5, TimeUnit.SECONDS));
        assertEquals(JobState.CANCELLED, job.state());
        assertFalse("cancelling twice", job.cancel());
    }

    @Test
    public void aCancelledQueuedJobNeverRuns() throws Exception {
        pool.setLimit(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockerRuns = new CountDownLatch(1);
        pool.submit(OWNER, "blocker", JobPriority.NORMAL, () -> {
            blockerRuns.countDown();
            awaitQuietly(release);
        });
        assertTrue(blockerRuns.await(5, TimeUnit.SECONDS));
        CountDownLatch ran = new CountDownLatch(1);
        JobHandle queued = pool.submit(OWNER, "queued", JobPriority.NORMAL, ran::countDown);
        CountDownLatch after = new CountDownLatch(1);
        pool.submit(OWNER, "after", JobPriority.LOW, after::countDown);

        assertTrue(queued.cancel());
        release.countDown();

        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertEquals(1, ran.getCount());
        assertEquals(0, queued.runs());
    }

    @Test
    public void aFailingJobShowsItsErrorAndTheNextJobsStillRun() throws Exception {
        JobHandle failing = pool.submit(OWNER, "broken", JobPriority.NORMAL, () -> {
            throw new IllegalStateException("disk on fire");
        });
        awaitState(failing, JobState.FAILED);
        assertTrue(failing.lastError().orElseThrow().contains("disk on fire"));
        assertEquals(1, failing.runs());

        JobHandle fine = pool.submit(OWNER, "fine", JobPriority.NORMAL, () -> { });
        awaitState(fine, JobState.COMPLETED);
        assertTrue(fine.lastError().isEmpty());
        assertEquals(1, pool.stats().failed());
        assertEquals(1, pool.stats().completed());
    }

    @Test
    public void aFixedRateJobThatOverrunsItsPeriodRunsAgainButNeverTwiceAtOnce() throws Exception {
        int runs = 3;
        long[] starts = new long[runs];
        long[] ends = new long[runs];
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch done = new CountDownLatch(runs);
        int[] run = { 0 };
        JobHandle job = pool.scheduleAtFixedRate(OWNER, "report", JobPriority.NORMAL, Duration.ZERO,
                Duration.ofMillis(10), () -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    if (run[0] < runs) {
                        starts[run[0]] = System.nanoTime();
                        sleepQuietly(25); // the job's own work, longer than its period
                        ends[run[0]] = System.nanoTime();
                        run[0]++;
                        done.countDown();
                    }
                    running.decrementAndGet();
                });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertTrue(job.cancel());
        assertEquals(0, overlaps.get());
        for (int i = 1; i < runs; i++) {
            assertTrue("run " + i + " started before the one before it ended", starts[i] >= ends[i - 1]);
        }
    }

    @Test
    public void aFixedRateScheduleNeedsAPositivePeriod() {
        try {
            pool.scheduleAtFixedRate(OWNER, "bad", JobPriority.LOW, Duration.ZERO, Duration.ZERO, () -> { });
            org.junit.Assert.fail("a zero period was accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("period"));
        }
    }

    @Test
    public void aFailingPeriodicJobKeepsItsSchedule() throws Exception {
        CountDownLatch twice = new CountDownLatch(2);
        JobHandle job = pool.schedule(OWNER, "flaky", JobPriority.NORMAL, Duration.ZERO, Duration.ofMillis(10), () -> {
            twice.countDown();
            throw new IllegalStateException("flaky");
        });
        assertTrue(twice.await(5, TimeUnit.SECONDS));
        assertTrue(job.lastError().isPresent());
        assertFalse(job.state() == JobState.FAILED);
        job.cancel();
    }

    @Test
    public void endedJobsLeaveTheOwnersList() throws Exception {
        JobHandle job = pool.submit(OWNER, "quick", JobPriority.NORMAL, () -> { });
        awaitState(job, JobState.COMPLETED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!pool.jobs(OWNER).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(pool.jobs(OWNER).isEmpty());
    }

    @Test
    public void deactivatingABundlesSchedulerCancelsOnlyThatBundlesJobs() throws Exception {
        BundleWorkScheduler first = new BundleWorkScheduler(pool, QUIET, "org.qenex.first [10]");
        BundleWorkScheduler second = new BundleWorkScheduler(pool, QUIET, "org.qenex.second [11]");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        JobHandle firstRunning = first.submit("long", JobPriority.NORMAL, () -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        JobHandle firstPeriodic = first.schedule("later", JobPriority.LOW, Duration.ofHours(1), Duration.ofHours(1),
                () -> { });
        JobHandle secondPeriodic = second.schedule("later", JobPriority.LOW, Duration.ofHours(1), Duration.ofHours(1),
                () -> { });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(2, first.jobs().size());

        first.deactivate();

        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        assertEquals(JobState.CANCELLED, firstRunning.state());
        assertEquals(JobState.CANCELLED, firstPeriodic.state());
        assertTrue(first.jobs().isEmpty());
        assertEquals(JobState.SCHEDULED, secondPeriodic.state());
        assertEquals(List.of(secondPeriodic), second.jobs());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aPeriodMustBePositive() {
        pool.schedule(OWNER, "bad", JobPriority.NORMAL, Duration.ZERO, Duration.ZERO, () -> { });
    }

    @Test
    public void workersAreDaemonsNamedQenexWork() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        String[] name = new String[1];
        boolean[] daemon = new boolean[1];
        pool.submit(OWNER, "who", JobPriority.NORMAL, () -> {
            name[0] = Thread.currentThread().getName();
            daemon[0] = Thread.currentThread().isDaemon();
            seen.countDown();
        });
        assertTrue(seen.await(5, TimeUnit.SECONDS));
        assertTrue(name[0], name[0].matches("qenex-work-\\d+"));
        assertTrue(daemon[0]);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
