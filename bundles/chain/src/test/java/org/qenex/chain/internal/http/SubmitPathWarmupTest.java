package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.api.work.WorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;

/** The submit path's warm-up: verifies what it is asked to, stops when told, runs once, touches no state. */
public class SubmitPathWarmupTest {

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());

    /** Records what is scheduled; runs a job only when the test says so; counts how often the service was asked about. */
    private static final class RecordingScheduler implements WorkScheduler {
        final List<String> names = new ArrayList<>();
        final List<JobPriority> priorities = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        final List<Runnable> work = new ArrayList<>();
        final AtomicInteger busyAsked = new AtomicInteger();
        boolean busy;
        boolean cancelled;

        @Override
        public JobHandle submit(String name, JobPriority priority, Runnable job) {
            return schedule(name, priority, Duration.ZERO, Duration.ZERO, job);
        }

        @Override
        public JobHandle schedule(String name, JobPriority priority, Duration initialDelay, Duration period, Runnable job) {
            names.add(name);
            priorities.add(priority);
            delays.add(initialDelay);
            work.add(job);
            return new JobHandle() {
                public String name() {
                    return name;
                }

                public JobPriority priority() {
                    return priority;
                }

                public JobState state() {
                    return cancelled ? JobState.CANCELLED : JobState.SCHEDULED;
                }

                public long runs() {
                    return 0;
                }

                public Optional<String> lastError() {
                    return Optional.empty();
                }

                public boolean cancel() {
                    cancelled = true;
                    return true;
                }
            };
        }

        @Override
        public List<JobHandle> jobs() {
            return List.of();
        }

        @Override
        public boolean serviceBusy() {
            busyAsked.incrementAndGet();
            return busy;
        }
    }

    private static RestConfiguration config(int verifications) {
        return TestChain.configuration(RestConfiguration.class, Map.of("warmupVerifications", verifications, "warmupDelaySeconds", 7));
    }

    @Test
    public void verifiesAsOftenAsAskedAndStopsWhenTold() {
        SubmitPathWarmup warmup = new SubmitPathWarmup(node.parameters(), 40);
        assertEquals(40, warmup.run(() -> false));
        AtomicInteger asked = new AtomicInteger();
        assertEquals("stops once told, checked before each verification", 5, warmup.run(() -> asked.incrementAndGet() > 5));
        assertEquals(0, warmup.run(() -> true));
    }

    @Test
    public void theResourceSchedulesOneLowPriorityRunAfterTheDelayAndNothingReachesTheLedger() {
        RecordingScheduler scheduler = new RecordingScheduler();
        TransactionSubmitResource resource = new TransactionSubmitResource(node, scheduler, config(30));
        assertEquals(List.of("chain-submit-warmup"), scheduler.names);
        assertEquals(List.of(JobPriority.LOW), scheduler.priorities);
        assertEquals(List.of(Duration.ofSeconds(7)), scheduler.delays);

        scheduler.work.get(0).run();
        assertEquals("the service is asked before each of the 30 verifications", 30, scheduler.busyAsked.get());
        scheduler.work.get(0).run();
        assertEquals("a second run of the job does nothing", 30, scheduler.busyAsked.get());
        assertEquals("nothing was admitted", 0, node.mempoolSize());

        assertFalse(scheduler.cancelled);
        resource.deactivate();
        assertTrue("stopping the component cancels the job", scheduler.cancelled);
    }

    @Test
    public void aBusyServiceStopsTheWarmUpAndZeroTurnsItOff() {
        RecordingScheduler busy = new RecordingScheduler();
        busy.busy = true;
        new TransactionSubmitResource(node, busy, config(30));
        busy.work.get(0).run();
        assertEquals("asked once, then stopped", 1, busy.busyAsked.get());

        RecordingScheduler off = new RecordingScheduler();
        new TransactionSubmitResource(node, off, config(0)).deactivate();
        assertTrue(off.names.isEmpty());
    }
}
