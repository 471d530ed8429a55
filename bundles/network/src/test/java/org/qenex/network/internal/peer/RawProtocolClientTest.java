package org.qenex.network.internal.peer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.network.internal.wire.Hash;

/**
 * Speaks the handshake of docs/network.md from raw bytes ({@link RawPeer}, which shares no codec
 * with the bundle): if these pass, the document is enough to write a peer.
 */
public class RawProtocolClientTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void aPeerWrittenFromTheDocumentCompletesTheHandshakeAndPings() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine node = nodes.start(chain);
        try (RawPeer raw = new RawPeer(node.boundPort())) {
            RawPeer.Hello server = RawPeer.parseHello(raw.readPayload());
            assertEquals(1, server.version());
            assertEquals("qenex-test", server.chainId());
            assertArrayEquals(HexFormat.of().parseHex(chain.genesisHash()), server.genesis());
            assertEquals(7, server.height());
            assertEquals(node.nodeKeyHex(), HexFormat.of().formatHex(server.nodeKey()));

            byte[] hello = raw.hello("qenex-test", server.genesis(), 0);
            raw.sendFrame(hello);
            byte[] mine = RawPeer.transcript(hello, server.payload(), raw.ownCertificate(), raw.serverCertificate());
            byte[] auth = new byte[65];
            auth[0] = 0x02;
            System.arraycopy(raw.sign(mine), 0, auth, 1, 64);
            raw.sendFrame(auth);

            RawPeer.Frame serverAuth = raw.readFrame();
            assertEquals(0x02, serverAuth.type());
            byte[] theirs = RawPeer.transcript(server.payload(), hello, raw.serverCertificate(), raw.ownCertificate());
            assertTrue("the node's signature verifies over the documented transcript",
                    RawPeer.verify(server.nodeKey(), theirs, serverAuth.body()));

            assertTrue(TestNodes.await(() -> node.peers().size() == 1));
            assertEquals(HexFormat.of().formatHex(raw.publicKey()), node.peers().get(0).nodeKey());

            raw.sendFrame(new byte[] {0x10, 1, 2, 3, 4, 5, 6, 7, 8});
            RawPeer.Frame next = raw.readFrame();
            // the node asks for addresses first (GET_ADDR, 0x12), then answers the ping
            if (next.type() == 0x12) {
                next = raw.readFrame();
            }
            assertEquals(0x11, next.type());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, next.body());
        }
    }

    @Test
    public void aSignatureOverAnotherCertificateIsRefusedAndBans() throws Exception {
        PeerNetworkEngine node = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(node.boundPort())) {
            RawPeer.Hello server = RawPeer.parseHello(raw.readPayload());
            byte[] hello = raw.hello("qenex-test", server.genesis(), 0);
            raw.sendFrame(hello);
            raw.readFrame();
            // what a man in the middle can relay: signed for a TLS session with another certificate
            byte[] relayed = RawPeer.transcript(hello, server.payload(), new byte[] {1, 2, 3}, raw.serverCertificate());
            byte[] auth = new byte[65];
            auth[0] = 0x02;
            System.arraycopy(raw.sign(relayed), 0, auth, 1, 64);
            raw.sendFrame(auth);
            assertTrue(raw.closedByServer());
            // before the handshake completed the key is only a claim: the address is banned, not the key
            assertTrue(TestNodes.await(() -> !node.bans().isEmpty()));
            assertEquals(raw.address(), node.bans().get(0).host());
        }
        assertEquals("bad handshake signature", node.bans().get(0).reason());
        assertTrue(node.peers().isEmpty());
    }

    @Test
    public void aPeerWrittenFromTheDocumentExchangesTransactionsAndBlocks() throws Exception {
        FakeLedger ledger = new FakeLedger();
        PeerNetworkEngine node = nodes.startWithLedger(ledger, 0);
        try (RawPeer raw = new RawPeer(node.boundPort())) {
            raw.handshake("qenex-test");
            assertTrue(TestNodes.await(() -> node.peers().size() == 1));

            // the node announces what its ledger admits: INV, one item of 41 bytes (kind 1, id, height 0)
            byte[] tx = FakeLedger.transaction(true);
            byte[] id = ledger.submit(tx).bytes();
            RawPeer.Frame inv = raw.readUntil(0x20);
            assertArrayEquals(RawPeer.payload(0, RawPeer.u16(1), RawPeer.u8(1), id, RawPeer.u64(0)),
                    RawPeer.payload(0, inv.body()));
            // GET_DATA it; TRANSACTIONS answers: count, then id, u16 length, bytes
            raw.sendFrame(RawPeer.payload(0x21, RawPeer.u16(1), RawPeer.u8(1), id));
            RawPeer.Frame txs = raw.readUntil(0x23);
            assertArrayEquals(RawPeer.payload(0, RawPeer.u16(1), id, RawPeer.u16(tx.length), tx), RawPeer.payload(0, txs.body()));

            // the other way: announce one, the node asks, send it, its ledger admits it
            byte[] mine = FakeLedger.transaction(true);
            byte[] myId = FakeLedger.hash(mine).bytes();
            raw.sendFrame(RawPeer.payload(0x20, RawPeer.u16(1), RawPeer.u8(1), myId, RawPeer.u64(0)));
            RawPeer.Frame asked = raw.readUntil(0x21);
            assertArrayEquals(RawPeer.payload(0, RawPeer.u16(1), RawPeer.u8(1), myId), RawPeer.payload(0, asked.body()));
            raw.sendFrame(RawPeer.payload(0x23, RawPeer.u16(1), myId, RawPeer.u16(mine.length), mine));
            assertTrue(TestNodes.await(() -> ledger.knowsTransaction(myId)));

            // blocks: GET_BLOCKS with a locator of genesis lists the main chain after it
            ledger.produceUnannounced(3);
            byte[] genesis = FakeLedger.hash(FakeLedger.GENESIS).bytes();
            raw.sendFrame(RawPeer.payload(0x25, RawPeer.u8(1), genesis));
            RawPeer.Frame listed = raw.readUntil(0x26);
            List<Hash> chain = ledger.mainChain();
            assertArrayEquals(RawPeer.payload(0, RawPeer.u64(3), RawPeer.u64(1), RawPeer.u16(3), chain.get(1).bytes(),
                    chain.get(2).bytes(), chain.get(3).bytes()), RawPeer.payload(0, listed.body()));
            // GET_DATA for a block: BLOCK, the hash then the block's bytes
            raw.sendFrame(RawPeer.payload(0x21, RawPeer.u16(1), RawPeer.u8(2), chain.get(2).bytes()));
            RawPeer.Frame block = raw.readUntil(0x24);
            assertArrayEquals(RawPeer.payload(0, chain.get(2).bytes(), ledger.block(chain.get(2).bytes()).orElseThrow()),
                    RawPeer.payload(0, block.body()));
            // and NOT_FOUND for one it does not have
            raw.sendFrame(RawPeer.payload(0x21, RawPeer.u16(1), RawPeer.u8(2), new byte[32]));
            RawPeer.Frame missing = raw.readUntil(0x22);
            assertArrayEquals(RawPeer.payload(0, RawPeer.u16(1), RawPeer.u8(2), new byte[32]), RawPeer.payload(0, missing.body()));
            assertEquals("nothing it did cost it", 100, node.score(raw.keyHex()));
        }
    }
}
