package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two real nodes (the distribution unpacked twice, {@link LocalNetwork}) that seed each other but
 * were each started with their own genesis file, and a hostile peer against one of them.
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
    public void aHostilePeerIsBannedForGarbageAndAnOversizedFrameAndTheNodeKeepsServing() throws Exception {
        Path work = Files.createDirectories(Paths.get("target", "local-network").toAbsolutePath());
        // from 127.0.0.2: the ban must not hit the other nodes on 127.0.0.1
        try (HostilePeer peer = new HostilePeer(work, "127.0.0.2", a.peerPort)) {
            peer.handshake();
            peer.sendFrame(new byte[] {0x10, 1, 2, 3}); // a PING carries an 8-byte nonce: malformed
            assertTrue("a malformed frame closes the connection", peer.closedByNode());
        }
        try (HostilePeer peer = new HostilePeer(work, "127.0.0.2", a.peerPort)) {
            peer.handshake();
            peer.announce(64L * 1024 * 1024); // above maxFrameBytes (2 MiB): refused on the length alone
            assertTrue("an oversized frame closes the connection", peer.closedByNode());
        }

        LocalNetwork.await("127.0.0.2 banned", Duration.ofSeconds(30), () -> bans(a).contains("\"127.0.0.2\""));
        assertTrue(bans(a), bans(a).contains("oversized frame"));
        assertThrows("a banned host is closed on accept", IOException.class, () -> {
            try (HostilePeer again = new HostilePeer(work, "127.0.0.2", a.peerPort)) {
                again.handshake();
            }
        });
        assertEquals(a.logLines("banned 127.0.0.2").toString(), 1, a.logLines("banned 127.0.0.2").size());
        assertEquals("the malformed frame logged once", 1, a.logLines("127.0.0.2", "malformed").size());

        // the node keeps serving: its REST answers, and another peer still completes the handshake
        HttpResponse<String> health = a.get("/api/v1/health", false);
        assertEquals(health.body(), 200, health.statusCode());
        assertEquals(a.json("/api/v1/chain/info", false).path("chainId").asText(), "qenex-local");
        try (HostilePeer other = new HostilePeer(work, "127.0.0.3", a.peerPort)) {
            other.handshake();
        }
    }

    private static String bans(LocalNetwork.Node node) throws Exception {
        return node.json("/api/v1/network/peers", true).path("bans").toString();
    }
}
