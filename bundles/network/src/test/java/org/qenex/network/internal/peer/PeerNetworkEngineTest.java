package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.util.HexFormat;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.api.network.KnownAddress;
import org.qenex.api.network.PeerInfo;

/** Two or more engines over loopback, and hostile raw peers against one. */
public class PeerNetworkEngineTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void twoNodesOfOneChainCompleteTheHandshake() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain);
        PeerNetworkEngine b = nodes.start(chain, TestNodes.address(a));

        assertTrue("both see one peer", TestNodes.await(() -> a.peers().size() == 1 && b.peers().size() == 1));
        PeerInfo seenByB = b.peers().get(0);
        assertEquals(a.nodeKeyHex(), seenByB.nodeKey());
        assertTrue(seenByB.outbound());
        assertEquals(7, seenByB.headHeight());
        assertEquals(b.nodeKeyHex(), a.peers().get(0).nodeKey());
        assertFalse(a.peers().get(0).outbound());
        assertEquals(1, b.status().outbound());
        assertEquals(1, a.status().inbound());
        KnownAddress seed = b.addresses().get(0);
        assertTrue("a handshake verifies the address", seed.verified());
        assertEquals(0, seed.failures());
    }

    @Test
    public void aPeerOfAnotherGenesisIsRefusedWithTheReason() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        PeerNetworkEngine b = nodes.start(FixedChain.of("qenex-test", 'b'), TestNodes.address(a));

        assertTrue("B leaves A alone for an hour after the refusal", TestNodes.await(() -> {
            KnownAddress entry = b.addresses().get(0);
            return entry.nextAttemptMillis() > System.currentTimeMillis() + 30 * 60_000;
        }));
        assertTrue(a.peers().isEmpty());
        assertTrue(b.peers().isEmpty());
        assertEquals("a refusal is not an offence", 100, a.score("127.0.0.1"));
    }

    @Test
    public void aRawPeerOfAnotherGenesisReadsTheRejectReason() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(a.boundPort())) {
            RawPeer.parseHello(raw.readPayload());
            raw.sendFrame(raw.hello("qenex-test", HexFormat.of().parseHex("b".repeat(64)), 0));
            RawPeer.Frame reject = raw.readFrame();
            assertEquals(0x03, reject.type());
            assertEquals("reason code WRONG_GENESIS", 3, reject.body()[0]);
            String detail = new String(reject.body(), 3, reject.body().length - 3, java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(detail, detail.contains("a".repeat(64)) && detail.contains("b".repeat(64)));
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    public void aMessageBeforeTheHandshakeClosesAndCosts() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(a.boundPort())) {
            raw.readPayload();
            // a PING (0x10) instead of HELLO
            raw.sendFrame(new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0, 1});
            assertTrue(raw.closedByServer());
        }
        assertTrue(TestNodes.await(() -> a.score("127.0.0.1") == 50));
        assertTrue(a.peers().isEmpty());
        assertTrue(a.bans().isEmpty());
    }

    @Test
    public void aGarbageFrameClosesAndTwoBan() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        for (int i = 0; i < 2; i++) {
            try (RawPeer raw = new RawPeer(a.boundPort())) {
                raw.readPayload();
                // a HELLO cut short: type byte and half a version
                raw.sendFrame(new byte[] {0x01, 0x00});
                assertTrue(raw.closedByServer());
            }
        }
        assertTrue(TestNodes.await(() -> a.bans().size() == 1));
        assertEquals("127.0.0.1", a.bans().get(0).host());
        assertEquals("malformed frame", a.bans().get(0).reason());
        assertRefusedAtOnce(a);
    }

    @Test
    public void bytesThatAreNotTlsAreAMalformedFrame() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (Socket plain = RawPeer.plain(a.boundPort())) {
            OutputStream out = plain.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("closed", -1, readUntilClosed(plain));
        }
        assertTrue(TestNodes.await(() -> a.score("127.0.0.1") == 50));
    }

    @Test
    public void anOversizedFrameBansAtOnceBeforeItIsRead() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(a.boundPort())) {
            raw.readPayload();
            // announces 2 GiB - 1 and sends none of it: refused on the length alone
            raw.sendLengthOnly(0x7fff_ffffL);
            assertTrue(raw.closedByServer());
        }
        assertTrue(TestNodes.await(() -> a.bans().size() == 1));
        assertEquals("oversized frame", a.bans().get(0).reason());
        assertEquals(0, a.score("127.0.0.1"));
        assertRefusedAtOnce(a);
        assertTrue(a.unban("127.0.0.1"));
        assertEquals(100, a.score("127.0.0.1"));
    }

    @Test
    public void aFrameOverTheHandshakeLimitIsOversizedBeforeAuthentication() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (RawPeer raw = new RawPeer(a.boundPort())) {
            raw.readPayload();
            raw.sendFrame(new byte[4097]);
            assertTrue(raw.closedByServer());
        }
        assertTrue(TestNodes.await(() -> !a.bans().isEmpty()));
        assertEquals("oversized frame", a.bans().get(0).reason());
    }

    @Test
    public void bansAndAddressesSurviveARestart() throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("qenex-network-restart");
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain, folder);
        String key = a.nodeKeyHex();
        a.ban("10.1.2.3:8333", java.time.Duration.ofMinutes(10), "test");
        a.addPeer("192.0.2.1:8333");
        a.stop();

        PeerNetworkEngine again = nodes.start(chain, folder);
        assertEquals("the network key is kept", key, again.nodeKeyHex());
        assertEquals(List.of("10.1.2.3"), again.bans().stream().map(b -> b.host()).toList());
        assertTrue(again.addresses().stream().anyMatch(e -> e.address().equals("192.0.2.1:8333") && e.source().equals("manual")));
    }

    private static void assertRefusedAtOnce(PeerNetworkEngine a) throws Exception {
        try (Socket s = RawPeer.plain(a.boundPort())) {
            assertEquals("a banned host is closed before TLS", -1, readUntilClosed(s));
        }
    }

    private static int readUntilClosed(Socket s) throws Exception {
        int b;
        do {
            b = s.getInputStream().read();
        } while (b != -1);
        return b;
    }
}
