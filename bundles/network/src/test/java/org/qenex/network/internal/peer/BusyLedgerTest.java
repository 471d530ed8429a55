package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.api.network.NetworkStatus;
import org.qenex.network.internal.wire.Hash;

/**
 * The network while its ledger is busy, as node a of a 1,000 transfers/s network-load was: every
 * store read waited for the commit of a 5,000-transaction block, for more than the supervisor's 5 s
 * health timeout. The status (what the network's health check reads) and the handshake must not
 * touch the ledger, and a stop must end within its budget while an import waits, without
 * interrupting it.
 */
public class BusyLedgerTest {

    @Rule
    public TestNodes nodes = new TestNodes();

    @Test
    public void statusAnswersAndStopEndsInTimeWhileTheLedgerWaitsForItsStore() throws Exception {
        FakeLedger ledgerA = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(ledgerA, 0);
        FakeLedger ledgerB = new FakeLedger();
        PeerNetworkEngine b = nodes.startWithLedger(ledgerB, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> b.status().outbound() == 1));

        CountDownLatch storeBusy = new CountDownLatch(1);
        ledgerB.busy = storeBusy;
        try {
            ledgerA.produce(3);
            assertTrue("b's import waits for its store", TestNodes.await(() -> ledgerB.waitingWhileBusy.get() > 0));

            NetworkStatus status = CompletableFuture.supplyAsync(b::status).get(2, TimeUnit.SECONDS);
            assertEquals("qenex-test", status.chainId());
            assertEquals(FakeLedger.hash(FakeLedger.GENESIS).toString(), status.genesisHash());
            assertEquals(1, status.outbound());

            long started = System.nanoTime();
            b.stop();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // before: 5 s for the importer alone, up to 37 s with every executor busy (the SCR timeout is 10 s)
            assertTrue("stop took " + tookMillis + " ms", tookMillis < PeerNetworkEngine.STOP_BUDGET.toMillis() - 1_000);
            assertEquals("the import was left to finish, not interrupted", 1, ledgerB.waitingWhileBusy.get());
        } finally {
            storeBusy.countDown();
        }
        assertTrue(TestNodes.await(() -> ledgerB.waitingWhileBusy.get() == 0));
    }

    /**
     * A transaction announced while the ledger's "do I hold it?" lookup waits for the store (behind
     * a block's commit) must not hold up the relay's thread: a block announced after it still
     * arrives, and the transaction too.
     */
    @Test
    public void aStoreLookupThatWaitsDoesNotHoldUpTheBlocksBehindIt() throws Exception {
        FakeLedger ledgerA = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(ledgerA, 0);
        FakeLedger ledgerB = new FakeLedger();
        PeerNetworkEngine b = nodes.startWithLedger(ledgerB, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> b.status().outbound() == 1));

        CountDownLatch lookupsBusy = new CountDownLatch(1);
        ledgerB.storeLookupsBusy = lookupsBusy;
        try {
            Hash tx = ledgerA.submit(FakeLedger.transaction(true));
            Hash block = ledgerA.produce(1);
            assertTrue("the block arrives while B's lookups wait", TestNodes.await(() -> ledgerB.height() == 1));
            assertEquals(block.toString(), ledgerB.headHash());
            assertTrue("the transaction too", TestNodes.await(() -> ledgerB.pendingTransaction(tx.bytes()).isPresent()));
        } finally {
            lookupsBusy.countDown();
        }
    }
}
