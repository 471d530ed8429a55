package org.qenex.network.internal.peer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HexFormat;

import org.junit.Rule;
import org.junit.Test;

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
        }
        assertTrue(TestNodes.await(() -> !node.bans().isEmpty()));
        assertEquals("bad handshake signature", node.bans().get(0).reason());
        assertTrue(node.peers().isEmpty());
    }
}
