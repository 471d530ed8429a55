package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.qenex.network.internal.wire.Hash;

/** The catch-up's plan on its own: windows, order of import, refills, stalls. */
public class CatchupTest {

    private static List<Hash> hashes(int from, int count) {
        List<Hash> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            byte[] b = new byte[32];
            b[0] = (byte) (i >> 8);
            b[1] = (byte) i;
            list.add(Hash.of(b));
        }
        return list;
    }

    private static PeerLedger peer(long head) {
        return new PeerLedger(null, head, 16);
    }

    @Test
    public void blocksAreSpreadOverPeersAndImportedInHeightOrder() {
        Catchup plan = new Catchup();
        PeerLedger a = peer(600);
        PeerLedger b = peer(600);
        plan.start(a);
        List<Hash> listed = hashes(1, 500);
        assertTrue(plan.listed(1, listed, true));
        List<Hash> toA = plan.assign(a, 16, true);
        List<Hash> toB = plan.assign(b, 16, true);
        assertEquals(listed.subList(0, 16), toA);
        assertEquals("B gets the next 16, not A's again", listed.subList(16, 32), toB);

        // B answers first: nothing can be imported before height 1 arrives
        toB.forEach(h -> plan.received(h, new byte[10], b));
        assertNull(plan.nextToImport(4));
        plan.received(toA.get(0), new byte[10], a);
        plan.received(toA.get(1), new byte[10], a);
        assertEquals(toA.get(0), plan.nextToImport(4).hash());
        assertEquals(toA.get(1), plan.nextToImport(4).hash());
        assertNull("height 3 is missing", plan.nextToImport(4));
        assertFalse("a block not of the plan is refused", plan.received(hashes(900, 1).get(0), new byte[1], a));
    }

    @Test
    public void aPeerIsOnlyAskedForWhatItsHeadReachesAndAStalledBlockGoesElsewhere() {
        Catchup plan = new Catchup();
        PeerLedger low = peer(3);
        PeerLedger high = peer(600);
        plan.start(high);
        plan.listed(1, hashes(1, 10), false);
        assertEquals("heights 1-3 only", 3, plan.assign(low, 16, true).size());
        Hash first = hashes(1, 1).get(0);
        plan.unassign(first, low);
        List<Hash> again = plan.assign(low, 16, true);
        assertTrue("not given back to the peer that stalled it while another can: " + again, again.isEmpty());
        assertEquals(first, plan.assign(high, 1, true).get(0));
    }

    @Test
    public void theSourceIsAskedForMoreWhenThePlanRunsLowAndItHasMore() {
        Catchup plan = new Catchup();
        PeerLedger a = peer(2_000);
        plan.start(a);
        List<Hash> listed = hashes(1, 500);
        plan.listed(1, listed, true);
        assertNull("500 left to fetch: enough for now", plan.refillFrom());
        for (Hash h : plan.assign(a, 300, false)) {
            plan.received(h, new byte[1], a);
        }
        while (plan.nextToImport(1_000) != null) {
            plan.importedOne(System.currentTimeMillis());
        }
        assertEquals("continue from the last listed hash", listed.get(499), plan.refillFrom());
        plan.refillAsked();
        assertFalse("a listing that does not continue the plan is refused", plan.listed(7, hashes(7, 5), true));
        assertTrue(plan.listed(501, hashes(501, 500), false));
        assertTrue(plan.rate(System.currentTimeMillis()) > 0);
    }
}
