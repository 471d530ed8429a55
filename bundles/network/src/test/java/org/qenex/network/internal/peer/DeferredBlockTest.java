package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.network.internal.wire.Hash;

/**
 * A block the ledger answers DEFERRED (an improvement proof it cannot check yet) is no offence: its
 * sender keeps its score and is not banned, and the block is taken again later, once the ledger can
 * judge it (the next block on top of it comes back ORPHAN and starts a catch-up that fetches it).
 */
public class DeferredBlockTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void aDeferredBlockCostsItsSenderNothingAndIsTakenAgainLater() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));

        la.deferring = true;
        Hash third = lb.produce(3);
        assertTrue("the announced blocks reached A's ledger", TestNodes.await(() -> la.importsByHash.containsKey(third)));
        assertEquals("not imported while deferred", 0, la.height());
        assertEquals("no offence for a block A cannot judge", 100, a.score("127.0.0.1"));
        assertTrue(a.bans().isEmpty());

        la.deferring = false;
        lb.produce(1);
        assertTrue("taken again once A can judge it: A follows B", TestNodes.await(() -> la.height() == 4));
        assertEquals(100, a.score("127.0.0.1"));
        assertTrue(a.bans().isEmpty());
    }
}
