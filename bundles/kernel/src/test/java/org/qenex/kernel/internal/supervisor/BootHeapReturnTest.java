package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.qenex.kernel.internal.testing.ManualScheduler;

public class BootHeapReturnTest {

    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicLong cpuNanos = new AtomicLong(5_000_000_000L);
    private final AtomicInteger collections = new AtomicInteger();
    private final AtomicBoolean poolWorking = new AtomicBoolean();
    private final BootHeapReturn heap = new BootHeapReturn(time, time.clock(), cpuNanos::get, poolWorking::get,
            collections::incrementAndGet);

    /** {@code seconds} of simulated time in which the JVM uses {@code percentOfACore} of one core. */
    private void run(int seconds, int percentOfACore) {
        for (int i = 0; i < seconds * 10; i++) {
            cpuNanos.addAndGet(percentOfACore * 1_000_000L);
            time.advance(Duration.ofMillis(100));
        }
    }

    @Test
    public void theCollectionComesOnceTheStartUpWorkAfterServingHasEndedNotBefore() {
        heap.nodeServes();
        run(3, 5); // the warm-up's delay: quiet
        run(10, 100); // the chain's submit-path warm-up on one core
        run(20, 50); // more work (the JIT finishing what the start ran, say)
        assertEquals("no collection while the start's work goes on", 0, collections.get());
        run(3, 2);
        assertEquals("the last 6 s held 1.5 s of CPU: not quiet yet", 0, collections.get());
        run(1, 2);
        assertEquals("the JVM used less than 20 % of a core over the last 6 s", 1, collections.get());
        run(600, 100);
        assertEquals("once per start", 1, collections.get());
        assertEquals("and no look after it", 0, time.pending());
    }

    @Test
    public void aJobOfTheStartThatGetsLittleCpuOnABusyMachineStillCountsAsWork() {
        heap.nodeServes();
        poolWorking.set(true); // the warm-up at nice 19 on a loaded machine: 5 % of a core for 15 s
        run(15, 5);
        assertEquals(0, collections.get());
        poolWorking.set(false);
        run(5, 5);
        assertEquals("not before the pool has been idle for 6 s", 0, collections.get());
        run(1, 5);
        assertEquals(1, collections.get());
    }

    @Test
    public void aQuietStartStillWaitsLongerThanTheDelayOfTheStartsOneOffJobs() {
        heap.nodeServes();
        run(5, 0);
        assertEquals("the warm-up is due up to 5 s after serving", 0, collections.get());
        run(1, 0);
        assertEquals(1, collections.get());
    }

    @Test
    public void aNodeBusyFromItsFirstSecondGetsItsCollectionAfterAMinute() {
        heap.nodeServes();
        run(59, 60);
        assertEquals(0, collections.get());
        run(1, 60);
        assertEquals(1, collections.get());
        run(600, 60);
        assertEquals(1, collections.get());
    }

    @Test
    public void withoutTheJvmsCpuTimeTheQuietWaitAloneDecides() {
        cpuNanos.set(-1);
        heap.nodeServes();
        time.advance(Duration.ofSeconds(5));
        assertEquals(0, collections.get());
        time.advance(Duration.ofSeconds(1));
        assertEquals(1, collections.get());
    }

    @Test
    public void aStoppedSupervisorPlansNothing() {
        time.shutdown();
        heap.nodeServes();
        assertEquals(0, time.pending());
        assertEquals(0, collections.get());
    }
}
