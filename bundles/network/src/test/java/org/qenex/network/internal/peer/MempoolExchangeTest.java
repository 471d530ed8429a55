package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.network.internal.wire.Hash;

/** Mempool exchange (docs/network.md, "Mempool exchange"): a node that joins gets its peers' pending transactions, and they get its. */
public class MempoolExchangeTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void aJoiningNodeAndItsPeerExchangeTheirPendingTransactionsOnce() throws Exception {
        FakeLedger la = new FakeLedger();
        List<Hash> atA = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            atA.add(la.admitUnannounced());
        }
        FakeLedger lb = new FakeLedger();
        List<Hash> atB = List.of(lb.admitUnannounced(), lb.admitUnannounced());
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 1, TestNodes.address(a));

        assertTrue("B gets A's pending transactions", TestNodes.await(() -> atA.stream().allMatch(h -> lb.knowsTransaction(h.bytes()))));
        assertTrue("A gets B's", TestNodes.await(() -> atB.stream().allMatch(h -> la.knowsTransaction(h.bytes()))));
        // the seen-set: what each side got from the other is not announced back, and nothing twice
        Thread.sleep(500);
        assertEquals(5, la.pendingTransactions());
        assertEquals(5, lb.pendingTransactions());
        assertEquals("announced A -> B", 3, a.sentByPeer().get(b.nodeKeyHex())[0]);
        assertEquals("sent A -> B", 3, a.sentByPeer().get(b.nodeKeyHex())[1]);
        assertEquals("announced B -> A", 2, b.sentByPeer().get(a.nodeKeyHex())[0]);
        assertEquals("sent B -> A", 2, b.sentByPeer().get(a.nodeKeyHex())[1]);

        // a node that joins later (or comes back) gets all of them from whichever peer it reaches
        FakeLedger lc = new FakeLedger();
        nodes.startWithLedger(lc, 1, TestNodes.address(b));
        assertTrue(TestNodes.await(() -> lc.pendingTransactions() == 5));
    }

    @Test
    public void aNodeBehindItsPeerAsksForTheMempoolOnlyOnceCaughtUp() throws Exception {
        // behind, it could not admit a transaction spending what its missing blocks credit
        FakeLedger la = new FakeLedger();
        la.produceUnannounced(40);
        Hash pending = la.admitUnannounced();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> lb.height() == 40 && lb.knowsTransaction(pending.bytes())));
        assertEquals(la.mainChain(), lb.mainChain());
        assertEquals("admitted once at A's height", Long.valueOf(40), lb.admittedAtHeight.get(pending));
    }
}
