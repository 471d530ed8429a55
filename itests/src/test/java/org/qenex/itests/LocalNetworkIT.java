package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two real nodes (the distribution unpacked twice, {@link LocalNetwork}) that seed each other but
 * were each started with their own genesis file, and hostile peers against one of them: an invalid
 * block, a garbage frame and an oversized frame, each banned by its node key.
 */
public class LocalNetworkIT {

    @ClassRule
    public static final LocalNetwork NETWORK = new LocalNetwork();

    private static LocalNetwork.Node a;
    private static LocalNetwork.Node b;

    @BeforeClass
    public static void twoNodesOfTwoGenesisFilesSeedingEachOther() throws Exception {
        a = NETWORK.add("a");
        b = NETWORK.add("b");
        a.seed(b);
        b.seed(a);
        NETWORK.startAll();
    }

    @Test
    public void nodesOfAnotherGenesisRefuseEachOtherAndBothLogTheReasonOnce() throws Exception {
        // what a wallet reads without a login tells the two chains apart: same id, different genesis
        JsonNode chainA = a.json("/api/v1/chain/info", false);
        JsonNode chainB = b.json("/api/v1/chain/info", false);
        assertEquals(chainA.path("chainId").asText(), chainB.path("chainId").asText());
        String genesisA = chainA.path("genesisHash").asText();
        String genesisB = chainB.path("genesisHash").asText();
        assertNotEquals(genesisA, genesisB);

        LocalNetwork.await("both nodes log the refusal", Duration.ofSeconds(60),
                () -> !a.logLines("another genesis block").isEmpty() && !b.logLines("another genesis block").isEmpty());
        // Each node dialed the other at start, so each refused two connections (its own and the other's):
        // still one line per cause, and it names both genesis hashes, so the operator sees which file differs.
        for (int check = 0; check < 20; check++) {
            for (LocalNetwork.Node node : List.of(a, b)) {
                List<String> refusals = node.logLines("another genesis block");
                assertTrue(node.name + ": " + refusals, refusals.stream().allMatch(l -> l.contains(genesisA) && l.contains(genesisB)));
                assertTrue(node.name + ": " + refusals, node.logLines("refused peer", "another genesis block").size() <= 1);
                assertTrue(node.name + ": " + refusals, node.logLines("refused this node", "another genesis block").size() <= 1);
            }
            Thread.sleep(250);
        }
        for (LocalNetwork.Node node : List.of(a, b)) {
            JsonNode peers = node.json("/api/v1/network/peers", true);
            assertEquals(node.name + " connected to a node of another genesis: " + peers, 0, peers.path("peers").size());
        }
    }

    @Test
    public void hostilePeersAreBannedByTheirKeyAndTheNodeKeepsServingItsNeighboursOnTheSameHost() throws Exception {
        Path work = Files.createDirectories(Paths.get("target", "local-network").toAbsolutePath());
        // all from 127.0.0.1, where the other nodes are too: bans are by node key, not by host
        KeyPair blockForger = HostilePeer.newKey();
        try (HostilePeer peer = new HostilePeer(work, "127.0.0.1", a.peerPort, blockForger)) {
            peer.handshake();
            peer.sendInvalidBlock();
            assertTrue("an invalid block closes the connection", peer.closedByNode());
        }
        KeyPair garbler = HostilePeer.newKey();
        try (HostilePeer peer = new HostilePeer(work, "127.0.0.1", a.peerPort, garbler)) {
            peer.handshake();
            peer.sendFrame(new byte[] {0x10, 1, 2, 3}); // a PING carries an 8-byte nonce: malformed
            assertTrue("a malformed frame closes the connection", peer.closedByNode());
        }
        String garblerKey;
        try (HostilePeer peer = new HostilePeer(work, "127.0.0.1", a.peerPort, garbler)) {
            garblerKey = peer.keyHex();
            peer.handshake();
            peer.announce(64L * 1024 * 1024); // above maxFrameBytes (2 MiB): refused on the length alone
            assertTrue("an oversized frame closes the connection", peer.closedByNode());
        }
        String forgerKey = HostilePeer.keyHex(blockForger);

        LocalNetwork.await("both keys banned", Duration.ofSeconds(30),
                () -> bans(a).contains(forgerKey) && bans(a).contains(garblerKey));
        assertTrue(bans(a), bans(a).contains("invalid block") && bans(a).contains("oversized frame"));
        assertFalse("no host is banned: " + bans(a), bans(a).contains("\"127.0.0.1\""));
        assertThrows("a banned key is refused in the handshake", IOException.class, () -> {
            try (HostilePeer again = new HostilePeer(work, "127.0.0.1", a.peerPort, garbler)) {
                again.handshake();
            }
        });
        LocalNetwork.await("the refusal logged with its reason", Duration.ofSeconds(30),
                () -> !a.logLines("refused peer", "banned node key " + garblerKey).isEmpty());
        assertEquals(a.logLines("banned key " + garblerKey).toString(), 1, a.logLines("banned key " + garblerKey).size());
        assertEquals("the malformed frame logged once", 1, a.logLines(garblerKey, "malformed").size());

        // the node keeps serving: its REST answers, and another peer on the same host completes the handshake
        HttpResponse<String> health = a.get("/api/v1/health", false);
        assertEquals(health.body(), 200, health.statusCode());
        assertEquals(a.json("/api/v1/chain/info", false).path("chainId").asText(), "qenex-local");
        try (HostilePeer other = new HostilePeer(work, "127.0.0.1", a.peerPort)) {
            other.handshake();
        }
    }

    private static String bans(LocalNetwork.Node node) throws Exception {
        return node.json("/api/v1/network/peers", true).path("bans").toString();
    }
}
