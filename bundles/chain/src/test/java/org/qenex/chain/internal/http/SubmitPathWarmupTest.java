package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;

/** The submit path's warm-up: verifies what it is asked to, stops when told, runs once, touches no state. */
public class SubmitPathWarmupTest {

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());

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
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        AtomicInteger busyAsked = new AtomicInteger();
        scheduler.setServiceBusy(() -> busyAsked.incrementAndGet() < 0);
        TransactionSubmitResource resource = new TransactionSubmitResource(node, scheduler, config(30));
        assertEquals(List.of("chain-submit-warmup"), scheduler.jobs().stream().map(JobHandle::name).toList());
        JobHandle job = scheduler.job("chain-submit-warmup");
        assertEquals(JobPriority.LOW, job.priority());
        assertEquals(Duration.ofSeconds(7), scheduler.initialDelay("chain-submit-warmup"));

        scheduler.runAll();
        assertEquals("the service is asked before each of the 30 verifications", 30, busyAsked.get());
        scheduler.runAll();
        assertEquals("a second run of the job does nothing", 30, busyAsked.get());
        assertEquals("nothing was admitted", 0, node.mempoolSize());

        assertEquals(JobState.SCHEDULED, job.state());
        resource.deactivate();
        assertEquals("stopping the component cancels the job", JobState.CANCELLED, job.state());
    }

    @Test
    public void aBusyServiceStopsTheWarmUpAndZeroTurnsItOff() {
        ManualWorkScheduler busy = new ManualWorkScheduler();
        AtomicInteger busyAsked = new AtomicInteger();
        busy.setServiceBusy(() -> busyAsked.incrementAndGet() > 0);
        new TransactionSubmitResource(node, busy, config(30));
        busy.runAll();
        assertEquals("asked once, then stopped", 1, busyAsked.get());

        ManualWorkScheduler off = new ManualWorkScheduler();
        new TransactionSubmitResource(node, off, config(0)).deactivate();
        assertTrue(off.jobs().isEmpty());
    }
}
