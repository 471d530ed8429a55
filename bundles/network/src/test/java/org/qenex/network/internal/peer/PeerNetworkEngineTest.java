package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
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

    /** A node with no peer and no address to dial does not wake every second for maintenance; one with either does. */
    @Test
    public void maintenanceSlowsDownOnlyWhileThereIsNobodyToTalkToOrDial() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine alone = nodes.start(chain);
        assertEquals(PeerNetworkEngine.QUIET_MAINTENANCE_MILLIS, alone.nextMaintenanceMillis());

        PeerNetworkEngine seeded = nodes.start(chain, TestNodes.address(alone));
        assertEquals("an address to dial: every second", PeerNetworkEngine.MAINTENANCE_MILLIS, seeded.nextMaintenanceMillis());
        assertTrue(TestNodes.await(() -> alone.peers().size() == 1));
        assertEquals("a connection: every second", PeerNetworkEngine.MAINTENANCE_MILLIS, alone.nextMaintenanceMillis());
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
        assertEquals("a refusal is not an offence", 100, a.score(b.nodeKeyHex()));
        assertTrue(a.bans().isEmpty() && b.bans().isEmpty());
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
            assertTrue("names the fix: " + detail, detail.contains("genesisFile (etc/org.qenex.chain.cfg"));
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
            assertTrue("before the handshake it costs the address", TestNodes.await(() -> a.score(raw.address()) == 50));
        }
        assertEquals("not the whole host", 100, a.score("127.0.0.1"));
        assertTrue(a.peers().isEmpty());
        assertTrue(a.bans().isEmpty());
    }

    @Test
    public void aGarbageFrameClosesAndCostsItsAddressOnly() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        String garbler;
        try (RawPeer raw = new RawPeer(a.boundPort())) {
            garbler = raw.address();
            raw.readPayload();
            // a HELLO cut short: type byte and half a version
            raw.sendFrame(new byte[] {0x01, 0x00});
            assertTrue(raw.closedByServer());
        }
        assertTrue(TestNodes.await(() -> a.score(garbler) == 50));
        // another connection from the same host is another peer until it proves otherwise
        PeerNetworkEngine b = nodes.start(FixedChain.of("qenex-test", 'a'), TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1 && b.peers().size() == 1));
        assertTrue(a.bans().isEmpty());
    }

    @Test
    public void banningOneLoopbackPeerLeavesAnotherConnected() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain);
        PeerNetworkEngine good = nodes.start(chain, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));
        RawPeer bad = new RawPeer(a.boundPort());
        try {
            bad.handshake("qenex-test");
            assertTrue(TestNodes.await(() -> a.peers().size() == 2));
            // an oversized frame after the handshake: banned at once, by the key it proved
            bad.sendLengthOnly(64L * 1024 + 1);
            assertTrue(bad.closedByServer());
            assertTrue(TestNodes.await(() -> a.bans().size() == 1));
            assertEquals(bad.keyHex(), a.bans().get(0).host());
            assertEquals(0, a.score(bad.keyHex()));
        } finally {
            bad.close();
        }
        // both are on 127.0.0.1: the honest one stays connected and a new connection from the host is welcome
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));
        assertEquals(List.of(good.nodeKeyHex()), a.peers().stream().map(PeerInfo::nodeKey).toList());
        assertEquals(100, a.score(good.nodeKeyHex()));
        PeerNetworkEngine late = nodes.start(chain, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 2 && late.peers().size() == 1));

        // the banned key is refused in the handshake, from any address, with the reason
        try (RawPeer again = new RawPeer(a.boundPort())) {
            RawPeer.Hello server = RawPeer.parseHello(again.readPayload());
            again.sendFrame(again.helloAs(bad, "qenex-test", server.genesis(), 0));
            RawPeer.Frame reject = again.readFrame();
            assertEquals(0x03, reject.type());
            assertEquals("reason code BANNED", 7, reject.body()[0]);
        }
        assertTrue(a.unban(bad.keyHex()));
        assertTrue(a.bans().isEmpty());
    }

    @Test
    public void anOperatorBansAKeyAnAddressOrAWholeHost() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain);
        PeerNetworkEngine b = nodes.start(chain, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));
        a.ban(b.nodeKeyHex().toUpperCase(), java.time.Duration.ofMinutes(5), "by key");
        assertTrue("B's connection is closed and B is refused", TestNodes.await(() -> a.peers().isEmpty() && b.peers().isEmpty()));
        assertEquals(b.nodeKeyHex(), a.bans().get(0).host());
        // lifting it lets B back in at once, not after its backoff
        assertTrue(a.unban(b.nodeKeyHex()));
        assertTrue(TestNodes.await(() -> a.peers().size() == 1));

        a.ban("127.0.0.1", java.time.Duration.ofMinutes(5), "the whole host");
        assertTrue(TestNodes.await(() -> a.peers().isEmpty()));
        assertRefusedAtOnce(a);
        assertTrue(a.unban("127.0.0.1"));
        a.ban("127.0.0.1:" + b.boundPort(), java.time.Duration.ofMinutes(5), "one address");
        assertEquals(List.of("127.0.0.1:" + b.boundPort()), a.bans().stream().map(ban -> ban.host()).toList());
        assertThrows(IllegalArgumentException.class, () -> a.ban("node-b.example", java.time.Duration.ofMinutes(5), "a name"));
    }

    @Test
    public void bytesThatAreNotTlsAreAMalformedFrame() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        try (Socket plain = RawPeer.plain(a.boundPort())) {
            OutputStream out = plain.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("closed", -1, readUntilClosed(plain));
            assertTrue(TestNodes.await(() -> a.score("127.0.0.1:" + plain.getLocalPort()) == 50));
        }
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
        String address = a.bans().get(0).host();
        assertTrue(address, address.startsWith("127.0.0.1:"));
        assertEquals(0, a.score(address));
        assertTrue(a.unban(address));
        assertEquals(100, a.score(address));
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
        java.nio.file.Path folder = nodes.folder();
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain, folder);
        String key = a.nodeKeyHex();
        a.ban("10.1.2.3:8333", java.time.Duration.ofMinutes(10), "test");
        a.ban("10.1.2.4", java.time.Duration.ofMinutes(10), "test");
        a.ban("c".repeat(64), java.time.Duration.ofMinutes(10), "test");
        a.addPeer("192.0.2.1:8333");
        a.stop();

        PeerNetworkEngine again = nodes.start(chain, folder);
        assertEquals("the network key is kept", key, again.nodeKeyHex());
        assertEquals(List.of("10.1.2.3:8333", "10.1.2.4", "c".repeat(64)), again.bans().stream().map(b -> b.host()).toList());
        assertTrue(again.addresses().stream().anyMatch(e -> e.address().equals("192.0.2.1:8333") && e.source().equals("manual")));
    }

    @Test
    public void aPortInUseIsOneLineNamingTheFixAndTheNodeStillDialsOut() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain);
        java.nio.file.Path folder = nodes.folder();
        java.security.SecureRandom random = new java.security.SecureRandom();
        NetworkSettings taken = NetworkSettings.defaults("127.0.0.1", a.boundPort(), List.of(TestNodes.address(a)));
        PeerNetworkEngine b = new PeerNetworkEngine(taken, org.qenex.network.internal.handshake.NetworkKey.loadOrCreate(folder, random),
                org.qenex.network.internal.handshake.PeerCertificate.generate("test", random), chain, folder, random);
        b.start();
        try {
            assertEquals("port " + a.boundPort() + " on 127.0.0.1 is in use: set bindAddress/port in etc/org.qenex.network.cfg "
                    + "or stop what holds it; dialing out only", b.listenProblem());
            assertFalse(b.status().listening());
            assertTrue("it still dials its seed", TestNodes.await(() -> b.peers().size() == 1));
        } finally {
            b.stop();
        }
    }

    @Test
    public void anAddressThatDoesNotResolveIsRefusedAtOnceWithTheFix() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.addPeer("no-such-node.invalid:8333"));
        assertEquals("'no-such-node.invalid' does not resolve: give a host name this node can resolve or an IP address, as "
                + "HOST:PORT (the peer's port in its etc/org.qenex.network.cfg)", e.getMessage());
        assertTrue(a.addresses().isEmpty());
        assertTrue(PeerNetworkEngine.unreachable(new org.qenex.network.internal.wire.HostPort("127.0.0.1", 9),
                new java.net.ConnectException("Connection refused")).contains("is the node running and is that its port"));
    }

    @Test
    public void aBanThatCouldMatchNoPeerAndTheNodesOwnAddressOrKeyAreRefused() throws Exception {
        PeerNetworkEngine a = nodes.start(FixedChain.of("qenex-test", 'a'));
        for (String nobody : List.of("0.0.0.0", "0.0.0.0:8333", "::", "[::]:8333", "224.0.0.1", "ff02::1", "255.255.255.255")) {
            IllegalArgumentException e = assertThrows(nobody, IllegalArgumentException.class,
                    () -> a.ban(nobody, java.time.Duration.ofHours(1), null));
            assertTrue(e.getMessage(), e.getMessage().contains("no peer connects from"));
        }
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> a.ban(a.nodeKeyHex(), java.time.Duration.ofHours(1), null));
        assertEquals("'" + a.nodeKeyHex() + "' is this node's own key", own.getMessage());
        assertTrue(a.bans().isEmpty());

        for (String self : List.of("127.0.0.1:" + a.boundPort(), "localhost:" + a.boundPort(), "0.0.0.0:" + a.boundPort())) {
            IllegalArgumentException e = assertThrows(self, IllegalArgumentException.class, () -> a.addPeer(self));
            assertEquals("'" + self + "' is this node's own peer port: add another node's address", e.getMessage());
        }
        assertTrue(a.addresses().isEmpty());
        a.addPeer("127.0.0.1:" + (a.boundPort() == 65535 ? 65534 : a.boundPort() + 1));
        assertEquals("another port of this machine is another node", 1, a.addresses().size());
    }

    private static void assertRefusedAtOnce(PeerNetworkEngine a) throws Exception {
        try (Socket s = RawPeer.plain(a.boundPort())) {
            assertEquals("a connection from a banned host is closed before TLS", -1, readUntilClosed(s));
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
