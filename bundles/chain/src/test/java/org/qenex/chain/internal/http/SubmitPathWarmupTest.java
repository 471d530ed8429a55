package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The submit path's warm-up: verifies what it is asked to less the real submissions, on many keys, runs once, touches no state. */
public class SubmitPathWarmupTest {

    private final ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());

    private static RestConfiguration config(int verifications) {
        return TestChain.configuration(RestConfiguration.class, Map.of("warmupVerifications", verifications, "warmupDelaySeconds", 7));
    }

    @Test
    public void verifiesAsOftenAsAskedLessTheRealSubmissions() {
        SubmitPathWarmup warmup = new SubmitPathWarmup(node.parameters(), 40);
        assertEquals(40, warmup.run(() -> 0));
        assertEquals(30, warmup.run(() -> 10));
        AtomicInteger real = new AtomicInteger();
        assertEquals("real submissions arriving meanwhile count, checked before each verification", 20,
                warmup.run(() -> real.addAndGet(1)));
        assertEquals(0, warmup.run(() -> 40));
    }

    @Test
    public void warmsUpOnTransfersOfManyKeysNotOne() throws Exception {
        byte[][] transfers = new SubmitPathWarmup(node.parameters(), 1).signedTransfers();
        Set<String> senders = new HashSet<>();
        Set<String> distinct = new HashSet<>();
        for (byte[] encoded : transfers) {
            Transaction tx = TransactionCodec.decode(encoded, node.parameters().maxTransactionBytes());
            assertTrue(tx.signaturesValid());
            senders.add(tx.sender().toString());
            distinct.add(HexFormat.of().formatHex(encoded));
        }
        assertEquals(SubmitPathWarmup.KEYS, senders.size());
        assertEquals(SubmitPathWarmup.KEYS * SubmitPathWarmup.TRANSFERS_PER_KEY, distinct.size());
    }

    @Test
    public void theResourceSchedulesOneLowPriorityRunAfterTheDelayAndNothingReachesTheLedger() {
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        scheduler.setServiceBusy(() -> true);
        TransactionSubmitResource resource = new TransactionSubmitResource(node, scheduler, config(30));
        assertEquals(List.of("chain-submit-warmup"), scheduler.jobs().stream().map(JobHandle::name).toList());
        JobHandle job = scheduler.job("chain-submit-warmup");
        assertEquals(JobPriority.LOW, job.priority());
        assertEquals(Duration.ofSeconds(7), scheduler.initialDelay("chain-submit-warmup"));

        scheduler.runAll();
        assertEquals("all 30, though the service reads busy: its own CPU made it so, and it stopped itself", 30,
                resource.warmedUp());
        scheduler.runAll();
        assertEquals("a second run of the job does nothing", 30, resource.warmedUp());
        assertEquals("nothing was admitted", 0, node.mempoolSize());

        assertEquals(JobState.SCHEDULED, job.state());
        resource.deactivate();
        assertEquals("stopping the component cancels the job", JobState.CANCELLED, job.state());
    }

    @Test
    public void realSubmissionsCountTowardTheWarmUpAndZeroTurnsItOff() {
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        TransactionSubmitResource resource = new TransactionSubmitResource(node, scheduler, config(30));
        ApiDispatcher api = new ApiDispatcher();
        api.add(resource);
        for (int i = 0; i < 4; i++) {
            FakeHttp refused = FakeHttp.of("POST", "/v1/chain/transactions")
                    .body("application/octet-stream", new byte[] {1, 2, 3}).sendTo(api);
            assertEquals("any submission counts, refused or not", 400, refused.status());
        }
        String batch = "{\"transactions\":[\"00\",\"01\",\"02\"]}";
        assertEquals(400, FakeHttp.post("/v1/chain/transactions/batch", batch).sendTo(api).status());
        scheduler.runAll();
        assertEquals("30 less the 4 submitted alone and the 3 of the batch", 23, resource.warmedUp());

        ManualWorkScheduler off = new ManualWorkScheduler();
        new TransactionSubmitResource(node, off, config(0)).deactivate();
        assertTrue(off.jobs().isEmpty());
    }
}
