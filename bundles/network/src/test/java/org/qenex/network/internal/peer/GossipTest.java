package org.qenex.network.internal.peer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.api.chain.BlockExchange.TransactionVerdict;
import org.qenex.network.internal.wire.Hash;

/**
 * Real engines on loopback with in-memory ledgers: what the ledger admits or connects reaches every
 * node, over each link once.
 */
public class GossipTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void aTransactionAndABlockCrossALineOfThreeNodesOncePerLink() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        FakeLedger lc = new FakeLedger();
        // A dials nobody, B dials A only, C dials B only: the line A - B - C
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));
        PeerNetworkEngine c = nodes.startWithLedger(lc, 1, TestNodes.address(b));
        assertTrue(TestNodes.await(() -> b.peers().size() == 2 && c.peers().size() == 1));

        byte[] tx = FakeLedger.transaction(true);
        Hash id = la.submit(tx);
        assertTrue("the transaction reaches C through B", TestNodes.await(() -> lc.knowsTransaction(id.bytes())));
        assertArrayEquals(tx, lc.pendingTransaction(id.bytes()).orElseThrow());

        Hash block = la.produce(1);
        assertTrue("the block reaches C through B", TestNodes.await(() -> lc.height() == 1));
        assertEquals(block.toString(), lc.headHash());
        assertEquals(block.toString(), lb.headHash());

        // two flush periods (50 ms each) and more for anything that would still be sent twice or back
        Thread.sleep(500);
        assertEquals("B and C imported the block once", 1, lb.importsByHash.get(block).get());
        assertEquals(1, lc.importsByHash.get(block).get());
        // {inventory items, transactions, blocks} sent over each direction of each link
        assertSent(a, b, 2, 1, 1);
        assertSent(b, c, 2, 1, 1);
        assertSent(b, a, 0, 0, 0);
        assertSent(c, b, 0, 0, 0);
        for (PeerNetworkEngine node : List.of(a, b, c)) {
            assertTrue("no peer was scored down", node.peers().stream().allMatch(p -> p.score() == 100));
        }
    }

    /**
     * The receiver hands its ledger each TRANSACTIONS message whole (the chain waits for its store
     * once per call): 200 transactions announced together arrive in fewer calls than transactions,
     * and never one by one.
     */
    @Test
    public void gossipedTransactionsAreAdmittedABatchAtATime() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1 && b.peers().size() == 1));

        for (int i = 0; i < 200; i++) {
            la.submit(FakeLedger.transaction(true));
        }
        assertTrue(TestNodes.await(() -> lb.pendingTransactions() == 200));
        assertEquals("the relay never admits one at a time", 0, lb.singleAdmissions.get());
        assertEquals(200, lb.admittedBatches.stream().mapToInt(Integer::intValue).sum());
        assertTrue("batches " + lb.admittedBatches, lb.admittedBatches.size() < 200
                && lb.admittedBatches.stream().anyMatch(size -> size > 1));
    }

    @Test
    public void anInvalidTransactionIsNeverRelayed() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1 && b.peers().size() == 1));
        // what B admits is relayed; what B's ledger refuses never leaves B, whoever sent it
        assertEquals(TransactionVerdict.REJECTED, lb.admitTransaction(FakeLedger.transaction(false)).verdict());
        Hash good = lb.submit(FakeLedger.transaction(true));
        assertTrue(TestNodes.await(() -> la.knowsTransaction(good.bytes())));
        assertEquals("one transaction in A's mempool", 1, la.pendingTransactions());
    }

    @Test
    public void aNodeBehindCatchesUpFromTwoPeersInParallel() throws Exception {
        FakeLedger la = new FakeLedger();
        la.produce(1_200);
        FakeLedger lb = new FakeLedger();
        lb.copyMainChainOf(la);
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 0);

        FakeLedger lc = new FakeLedger();
        PeerNetworkEngine c = nodes.startWithLedger(lc, 2, TestNodes.address(a), TestNodes.address(b));
        assertTrue("C catches up to 1,200", TestNodes.await(() -> lc.height() == 1_200));
        assertEquals(la.headHash(), lc.headHash());
        assertEquals(la.mainChain(), lc.mainChain());

        Map<String, long[]> fromA = a.sentByPeer();
        Map<String, long[]> fromB = b.sentByPeer();
        long byA = fromA.get(c.nodeKeyHex())[2];
        long byB = fromB.get(c.nodeKeyHex())[2];
        assertTrue("both peers served blocks: A " + byA + ", B " + byB, byA > 0 && byB > 0);
        assertEquals("every block fetched once", 1_200, byA + byB);
        assertTrue(TestNodes.await(() -> c.status().sync().inSync() && !c.status().sync().syncing()));
        assertEquals(1_200, c.status().sync().targetHeight());

        // and stays in step: a new block at A reaches C by gossip
        la.produce(1);
        assertTrue(TestNodes.await(() -> lc.height() == 1_201));
    }

    @Test
    public void aBlockAnnouncedAboveTheHeadStartsACatchUpWithItsSender() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1 && b.peers().size() == 1));
        // B falls behind without A announcing (blocks A's ledger got while B was away)...
        la.produceUnannounced(30);
        // ...then A produces one more, announced at height 31: B fetches the 31 from A
        la.produce(1);
        assertTrue(TestNodes.await(() -> lb.height() == 31));
        assertEquals(la.mainChain(), lb.mainChain());
    }

    @Test
    public void aBranchDeeperThanFinalityIsRefusedReportedAndNotBanned() throws Exception {
        FakeLedger la = new FakeLedger();
        la.produce(FakeLedger.FINALITY + 30);
        FakeLedger lb = new FakeLedger();
        // B's own chain parts from A's at genesis, and is shorter: A's would reorganise B too deep
        lb.produce(FakeLedger.FINALITY + 10);
        List<Hash> own = lb.mainChain();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        PeerNetworkEngine b = nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue("B reports the refused branch", TestNodes.await(() -> !b.status().sync().refusedBranch().isEmpty()));
        String refused = b.status().sync().refusedBranch();
        assertTrue(refused, refused.contains(a.nodeKeyHex()) && refused.contains("finality"));
        assertEquals("B keeps its chain", own, lb.mainChain());
        assertEquals("the peer stays connected and unpunished", 1, b.peers().size());
        assertTrue(b.bans().isEmpty());
        assertEquals("A is no longer B's target", lb.height(), b.status().sync().targetHeight());
    }

    private static void assertSent(PeerNetworkEngine from, PeerNetworkEngine to, long inventory, long transactions, long blocks) {
        long[] sent = from.sentByPeer().get(to.nodeKeyHex());
        assertEquals("inventory items " + from.nodeKeyHex().substring(0, 8) + " -> " + to.nodeKeyHex().substring(0, 8),
                inventory, sent[0]);
        assertEquals("transactions sent", transactions, sent[1]);
        assertEquals("blocks sent", blocks, sent[2]);
    }
}
