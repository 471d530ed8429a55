package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.network.internal.wire.HostPort;
import org.qenex.network.internal.wire.Message;

/** A peer that floods, and one that stops reading, against a node with small limits (TestNodes). */
public class BackpressureTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void aFloodIsDroppedAndCosts() throws Exception {
        PeerNetworkEngine node = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(node.boundPort())) {
            raw.handshake("qenex-test");
            assertTrue(TestNodes.await(() -> node.peers().size() == 1));
            // the limit is 50 per second: 200 at once is a flood, counted once for that second
            for (int i = 0; i < 200; i++) {
                raw.sendFrame(new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0, (byte) i});
            }
            assertTrue(TestNodes.await(() -> node.score(raw.keyHex()) < 100));
            // 20 per flooded second: 80 when the 200 arrive within one, less on a machine slow enough to spread them
            int score = node.score(raw.keyHex());
            assertTrue("score " + score, score <= 80 && score >= 20 && score % 20 == 0);
            assertEquals("a flood alone does not disconnect", 1, node.peers().size());
        }
    }

    @Test
    public void aPeerThatStopsReadingIsDisconnectedAtTheQueueLimit() throws Exception {
        PeerNetworkEngine node = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(node.boundPort())) {
            raw.handshake("qenex-test");
            assertTrue(TestNodes.await(() -> node.peers().size() == 1));
            List<HostPort> entries = new ArrayList<>();
            for (int i = 0; i < Message.Addresses.MAX_ENTRIES; i++) {
                entries.add(new HostPort("host-" + i + ".example.org", 8333));
            }
            Message big = new Message.Addresses(entries);
            // about 2.5 KB each; the raw peer reads nothing. The node's queue is 256 KiB, the
            // kernel's socket buffers some MB: 40 MB must end in a disconnect, not a larger heap.
            int queued = 0;
            while (queued < 16_000 && node.broadcast(big) == 1) {
                queued++;
            }
            assertTrue("queued " + queued + " before the disconnect", queued < 16_000);
            assertTrue(TestNodes.await(() -> node.peers().isEmpty()));
            assertEquals("a slow peer is not an offender", 100, node.score(raw.keyHex()));
            assertTrue(node.bans().isEmpty());
        }
    }
}
