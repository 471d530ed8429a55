package org.qenex.network.internal.peer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.network.internal.wire.Hash;

/**
 * Raw peers that misbehave after the handshake, against a node that keeps serving its honest peer
 * meanwhile. They connect from 127.0.0.2, though scores and bans are by node key now, so the host
 * no longer matters: {@link PeerNetworkEngineTest} bans one peer on 127.0.0.1 beside another.
 */
public class HostilePeerTest {

    private static final String HOSTILE = "127.0.0.2";

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void anInvalidBlockBansItsSenderAndTheNodeKeepsServing() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));

        byte[] invalid = FakeLedger.block(1, FakeLedger.hash(FakeLedger.GENESIS).bytes(), false, 16);
        Hash hash = FakeLedger.hash(invalid);
        try (RawPeer raw = new RawPeer(a.boundPort(), HOSTILE)) {
            raw.handshake("qenex-test");
            raw.sendFrame(RawPeer.payload(0x20, RawPeer.u16(1), RawPeer.u8(2), hash.bytes(), RawPeer.u64(1)));
            RawPeer.Frame getData = raw.readUntil(0x21);
            assertArrayEquals("GET_DATA: one item, kind block, the hash", RawPeer.payload(0, RawPeer.u16(1), RawPeer.u8(2),
                    hash.bytes()), RawPeer.payload(0, getData.body()));
            raw.sendFrame(RawPeer.payload(0x24, hash.bytes(), invalid));
            assertTrue(raw.closedByServer());
            assertTrue(TestNodes.await(() -> a.bans().stream().anyMatch(b -> b.host().equals(raw.keyHex()))));
        }
        assertEquals("invalid block", a.bans().get(0).reason());
        assertEquals("the honest peer is untouched", 100, a.score(a.peers().get(0).nodeKey()));

        la.produce(1);
        assertTrue("the node still relays to its honest peer", TestNodes.await(() -> lb.height() == 1));
    }

    @Test
    public void aFloodOfFiveSecondsBansAndTheNodeKeepsServing() throws Exception {
        FakeLedger la = new FakeLedger();
        FakeLedger lb = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        nodes.startWithLedger(lb, 1, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));
        try (RawPeer raw = new RawPeer(a.boundPort(), HOSTILE)) {
            raw.handshake("qenex-test");
            // about 1,000 pings a second against a limit of 50: 20 points per flooded second, 0 after 5
            long deadline = System.nanoTime() + 30_000_000_000L;
            try {
                while (System.nanoTime() < deadline && a.bans().isEmpty()) {
                    for (int i = 0; i < 100; i++) {
                        raw.sendFrame(new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0, (byte) i});
                    }
                    Thread.sleep(100);
                }
            } catch (IOException closed) {
                // the node closed the connection on the ban
            }
            assertTrue(TestNodes.await(() -> !a.bans().isEmpty()));
            assertEquals(raw.keyHex(), a.bans().get(0).host());
        }
        assertEquals("message flood", a.bans().get(0).reason());
        la.produce(1);
        assertTrue("the node still relays to its honest peer", TestNodes.await(() -> lb.height() == 1));
    }

    @Test
    public void unsolicitedDataCostsAndAnInvalidTransactionCostsMore() throws Exception {
        FakeLedger la = new FakeLedger();
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        try (RawPeer raw = new RawPeer(a.boundPort(), HOSTILE)) {
            raw.handshake("qenex-test");
            byte[] block = FakeLedger.block(1, FakeLedger.hash(FakeLedger.GENESIS).bytes(), true, 16);
            raw.sendFrame(RawPeer.payload(0x24, FakeLedger.hash(block).bytes(), block));
            assertTrue(TestNodes.await(() -> a.score(raw.keyHex()) == 80));
            assertEquals("an unasked block is not imported", 0, la.height());

            byte[] tx = FakeLedger.transaction(false);
            Hash id = FakeLedger.hash(tx);
            raw.sendFrame(RawPeer.payload(0x20, RawPeer.u16(1), RawPeer.u8(1), id.bytes(), RawPeer.u64(0)));
            raw.readUntil(0x21);
            raw.sendFrame(RawPeer.payload(0x23, RawPeer.u16(1), id.bytes(), RawPeer.u16(tx.length), tx));
            assertTrue(TestNodes.await(() -> a.score(raw.keyHex()) == 30));
            assertEquals(1, a.peers().size());
        }
    }

    @Test
    public void aMalformedGossipMessageClosesAndCosts() throws Exception {
        PeerNetworkEngine a = nodes.startWithLedger(new FakeLedger(), 0);
        try (RawPeer raw = new RawPeer(a.boundPort(), HOSTILE)) {
            raw.handshake("qenex-test");
            // GET_DATA with item kind 9
            raw.sendFrame(RawPeer.payload(0x21, RawPeer.u16(1), RawPeer.u8(9), new byte[32]));
            assertTrue(raw.closedByServer());
            assertTrue(TestNodes.await(() -> a.score(raw.keyHex()) == 50));
        }
    }

    @Test
    public void anOversizedFrameAfterTheHandshakeBans() throws Exception {
        PeerNetworkEngine a = nodes.startWithLedger(new FakeLedger(), 0);
        try (RawPeer raw = new RawPeer(a.boundPort(), HOSTILE)) {
            raw.handshake("qenex-test");
            // the test node's limit is 256 KiB
            raw.sendLengthOnly(256 * 1024 + 1);
            assertTrue(raw.closedByServer());
        }
        assertTrue(TestNodes.await(() -> !a.bans().isEmpty()));
        assertEquals("oversized frame", a.bans().get(0).reason());
    }

    @Test
    public void aStalledPeerIsReplacedAndCounted() throws Exception {
        FakeLedger la = new FakeLedger();
        la.produce(300);
        PeerNetworkEngine a = nodes.startWithLedger(la, 0);
        FakeLedger lc = new FakeLedger();
        PeerNetworkEngine c = nodes.startWithLedger(lc, 1);
        try (RawPeer raw = new RawPeer(c.boundPort(), HOSTILE)) {
            // claims A's chain: lists its hashes when asked, never sends a block
            raw.handshake("qenex-test", 300);
            Thread server = new Thread(() -> listHashesOnly(raw, la));
            server.setDaemon(true);
            server.start();
            c.addPeer(TestNodes.address(a).toString());
            assertTrue("C catches up from A around the stalling peer", TestNodes.await(() -> lc.height() == 300));
            assertEquals(la.mainChain(), lc.mainChain());
            assertTrue("the stalls cost it: " + c.score(raw.keyHex()), c.score(raw.keyHex()) < 100);
            assertTrue("a stall alone is not a ban", c.bans().isEmpty());
        }
    }

    /** Answers GET_BLOCKS with the ledger's main chain, ignores GET_DATA; ends when the socket closes. */
    private static void listHashesOnly(RawPeer raw, FakeLedger ledger) {
        try {
            while (true) {
                RawPeer.Frame frame = raw.readFrame();
                if (frame.type() != 0x25) {
                    continue;
                }
                ByteBuffer body = ByteBuffer.wrap(frame.body());
                byte[] first = new byte[32];
                body.position(1);
                body.get(first);
                List<byte[]> locator = new ArrayList<>();
                locator.add(first);
                long fork = ledger.forkPoint(locator);
                List<byte[]> hashes = ledger.mainChainHashes(fork + 1, 500);
                ByteBuffer answer = ByteBuffer.allocate(8 + 8 + 2 + 32 * hashes.size());
                answer.putLong(ledger.height()).putLong(fork + 1).putShort((short) hashes.size());
                hashes.forEach(answer::put);
                raw.sendFrame(RawPeer.payload(0x26, answer.array()));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }
}
