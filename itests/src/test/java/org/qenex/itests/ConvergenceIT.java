package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Three validators of one genesis file, each a real node ({@link LocalNetwork}), one set of nodes
 * for every check, in order: they converge on one chain (same head hash and state commitment), and
 * a coin transfer a JDK-only wallet signed and submitted at A is confirmed on A, B and C within two
 * intervals, with the same balances everywhere; C killed with SIGKILL catches up after its restart;
 * C partitioned away (A and B ban its node key, it bans theirs) goes on alone while A and B go on,
 * and once the bans are lifted there is one chain again (C reorganises within the finality depth)
 * and the transaction that was confirmed only in C's dropped blocks is confirmed everywhere.
 *
 * <p>The genesis has no coins: they are minted for improvements. So the transfer's sender is first
 * funded as a contributor (a J48 candidate judged at A, its reward minted in A's block and
 * verified by B and C, which is why the validators share the tasks' held-out secret, as
 * ImprovementSharingIT's do). The partition's transactions are set-parents of fresh wallets, which
 * move no coins (the genesis's minFee is 0). A node of another genesis is LocalNetworkIT's. The
 * outage of the kill -9 check is three of A's blocks in CI; {@code -Dqenex.convergence.outageSeconds=60}
 * makes it the minute.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConvergenceIT {

    private static final long INTERVAL = 3_000;
    /** Deep enough for the partition below (about 10 blocks), well inside the 1-100 allowed. */
    private static final int FINALITY = 30;
    private static final long OUTAGE_SECONDS = Long.getLong("qenex.convergence.outageSeconds", 0);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The validators' shared held-out secret (docs/network.md, "Making a network"), so B and C re-derive A's verdict. */
    private static final String SECRET = "3b8d1f5a7c9e0b2d4f6a8c1e3b5d7f9a0c2e4b6d8f1a3c5e7b9d0f2a4c6e8b1d";
    private static final String J48 = "{\"pipelines\": {\"mathematics.product-relation\": {\"learner\": \"J48\"}}}";
    private static final long AMOUNT = 1_000;

    @ClassRule
    public static final LocalNetwork NETWORK = new LocalNetwork();

    private static LocalNetwork.Node a;
    private static LocalNetwork.Node b;
    private static LocalNetwork.Node c;
    private static String chainId;

    @BeforeClass
    public static void threeValidatorsOfOneGenesis() throws Exception {
        a = NETWORK.add("a");
        b = NETWORK.add("b");
        c = NETWORK.add("c");
        List<String> keys = new ArrayList<>();
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            keys.add(node.createValidatorKey());
        }
        Path genesis = NETWORK.writeGenesis("qenex-converge", INTERVAL, keys, Map.of("minFee", 0, "finalityDepth", FINALITY));
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            // the improvers would only compete with the test for two cores
            node.genesis(genesis).config("org.qenex.ai.improver", Map.of("enabled", "false"));
            for (String task : List.of("mathematics", "language", "code")) {
                node.config("org.qenex.ai.tasks." + task, Map.of("heldOutSecret", SECRET, "epoch", 0, "epochHours", 0));
            }
        }
        a.seed(b);
        b.seed(c);
        c.seed(a);
        NETWORK.startAll();
        chainId = a.json("/api/v1/chain/info", false).path("chainId").asText();
    }

    @Test
    public void t1ConvergeAndATransferAtAIsConfirmedOnEveryNodeWithinTwoIntervals() throws Exception {
        long start = height(a);
        NETWORK.awaitSameBlock(start + 3, Duration.ofMinutes(3));
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            // the bootstrap rule: each waited for a peer, nobody built a branch alone that the others then refused;
            // a node that caught up to the agreed block logs its own "in sync" at its producer's next look
            LocalNetwork.await(node.name + " producing its turns, connected and in sync", Duration.ofMillis(2 * INTERVAL),
                    () -> !node.logLines("BlockProducer", "connected and in sync, producing its turns").isEmpty());
            assertEquals(node.name, List.of(), node.logLines("refused a branch"));
            assertEquals(node.name, List.of(), node.logLines("resulted in a cycle"));
            assertEquals(node.name + " banned nobody", 0, node.json("/api/v1/network/status", true).path("bannedHosts").asInt());
        }

        JdkOnlyWallet sender = funded(a);
        JdkOnlyWallet recipient = new JdkOnlyWallet();
        long funds = balance(a, sender.address());
        HttpResponse<String> sent = a.post("/api/v1/chain/transactions", "{\"hex\":\""
                + sender.signedTransferHex(chainId, recipient.address(), AMOUNT, 0, 0) + "\"}", false);
        assertEquals(sent.body(), 202, sent.statusCode());
        String id = JSON.readTree(sent.body()).path("id").asText();
        LocalNetwork.await("the transfer confirmed on A", Duration.ofMinutes(1), () -> confirmations(a, id) >= 1);
        long confirmedAt = System.nanoTime();
        for (LocalNetwork.Node node : List.of(b, c)) {
            LocalNetwork.await("the transaction confirmed on " + node.name, Duration.ofMillis(2 * INTERVAL),
                    () -> confirmations(node, id) >= 1);
        }
        System.out.printf("transfer confirmed on B and C %d ms after A%n", (System.nanoTime() - confirmedAt) / 1_000_000);
        long height = a.json("/api/v1/chain/transactions/" + id + "/status", false).path("blockHeight").asLong();
        NETWORK.awaitSameBlock(height, Duration.ofMillis(2 * INTERVAL));
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            assertEquals(node.name, AMOUNT, balance(node, recipient.address()));
            assertEquals(node.name, funds - AMOUNT, balance(node, sender.address()));
        }
    }

    /**
     * A fresh wallet with coins on every node: its J48 candidate, judged at A, is rewarded in A's block,
     * which B and C accept after re-training it.
     */
    private static JdkOnlyWallet funded(LocalNetwork.Node node) throws Exception {
        JdkOnlyWallet contributor = new JdkOnlyWallet();
        String parent = "0".repeat(64);
        String body = JSON.writeValueAsString(Map.of("contributor", contributor.address(), "parent", parent, "candidate", J48,
                "publicKey", contributor.publicKeyHex(), "signature", contributor.signCandidateHex(parent, J48)));
        HttpResponse<String> submitted = node.post("/api/v1/ai/candidates", body, true);
        assertEquals(submitted.body(), 202, submitted.statusCode());
        for (LocalNetwork.Node each : List.of(a, b, c)) {
            LocalNetwork.await(each.name + " credits the contributor", Duration.ofMinutes(5),
                    () -> balance(each, contributor.address()) > AMOUNT);
        }
        return contributor;
    }

    private static long balance(LocalNetwork.Node node, String address) throws Exception {
        return node.json("/api/v1/chain/accounts/" + address, true).path("balance").asLong();
    }

    @Test
    public void t2ANodeKilledWithSigkillCatchesUpAfterItsRestart() throws Exception {
        c.kill();
        long down = System.nanoTime();
        long whileDown = height(a) + 3;
        // C's turns are filled out of turn: A and B go on
        LocalNetwork.await("A and B go on without C", Duration.ofMinutes(2), () -> height(a) >= whileDown && height(b) >= whileDown);
        LocalNetwork.await("the outage lasts " + OUTAGE_SECONDS + " s", Duration.ofSeconds(OUTAGE_SECONDS + 10),
                () -> System.nanoTime() - down >= OUTAGE_SECONDS * 1_000_000_000L);
        c.start();
        c.awaitUp();
        System.out.printf("C was down %d s%n", (System.nanoTime() - down) / 1_000_000_000L);
        NETWORK.awaitSameBlock(height(a) + 1, Duration.ofMinutes(3));
    }

    @Test
    public void t3APartitionHealsIntoOneChainAndTheDroppedBlocksTransactionIsConfirmed() throws Exception {
        String keyA = networkKey(a);
        String keyB = networkKey(b);
        String keyC = networkKey(c);
        ban(c, keyA);
        ban(c, keyB);
        ban(a, keyC);
        ban(b, keyC);
        LocalNetwork.await("C cut off from A and B", Duration.ofMinutes(1), () -> peers(c).isEmpty()
                && peers(a).equals(List.of(keyB)) && peers(b).equals(List.of(keyA)));
        long splitAt = Math.max(height(a), height(c));

        // each side produces, and each confirms a transaction of its own
        String onC = submit(c);
        String onA = submit(a);
        LocalNetwork.await("both sides produce", Duration.ofMinutes(2), () -> height(a) >= splitAt + 4 && height(c) >= splitAt + 4
                && confirmations(c, onC) >= 1 && confirmations(a, onA) >= 1);
        assertEquals("A's side does not have C's transaction", 0, confirmations(a, onC));
        assertFalse("two chains", blockHash(a, splitAt + 3).equals(blockHash(c, splitAt + 3)));

        for (LocalNetwork.Node node : List.of(a, b)) {
            unban(node, keyC);
        }
        unban(c, keyA);
        unban(c, keyB);
        // one chain again; C's own transaction, dropped with its blocks, is confirmed on the kept chain
        LocalNetwork.await("C's transaction confirmed on every node", Duration.ofMinutes(2),
                () -> confirmations(a, onC) >= 1 && confirmations(b, onC) >= 1 && confirmations(c, onC) >= 1
                        && confirmations(c, onA) >= 1);
        NETWORK.awaitSameBlock(height(a), Duration.ofMinutes(2));
        assertEquals("the same block holds it everywhere", blockOf(a, onC), blockOf(c, onC));
        assertFalse("C reorganised onto A and B's chain", c.logLines("reorganised:").isEmpty());
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            assertEquals(node.name, List.of(), node.logLines("refused a branch"));
            assertEquals(node.name + " holds no ban of its own making", 0,
                    node.json("/api/v1/network/status", true).path("bannedHosts").asInt());
        }
    }

    /** A set-parent from a fresh wallet, signed with the JDK alone, submitted without a login; its id. */
    private static String submit(LocalNetwork.Node node) throws Exception {
        JdkOnlyWallet child = new JdkOnlyWallet();
        String hex = child.signedSetParentHex(chainId, new JdkOnlyWallet(), 0, 0);
        HttpResponse<String> sent = node.post("/api/v1/chain/transactions", "{\"hex\":\"" + hex + "\"}", false);
        assertEquals(sent.body(), 202, sent.statusCode());
        return JSON.readTree(sent.body()).path("id").asText();
    }

    private static void ban(LocalNetwork.Node node, String key) throws Exception {
        HttpResponse<String> banned = node.post("/api/v1/network/bans",
                JSON.writeValueAsString(Map.of("host", key, "minutes", 30, "reason", "ConvergenceIT partition")), true);
        assertEquals(banned.body(), 200, banned.statusCode());
    }

    private static void unban(LocalNetwork.Node node, String key) throws Exception {
        HttpResponse<String> lifted = node.delete("/api/v1/network/bans/" + key);
        assertEquals(lifted.body(), 204, lifted.statusCode());
    }

    private static String blockHash(LocalNetwork.Node node, long height) throws Exception {
        return node.json("/api/v1/chain/blocks/" + height, true).path("hash").asText();
    }

    private static String blockOf(LocalNetwork.Node node, String id) throws Exception {
        return node.json("/api/v1/chain/transactions/" + id + "/status", false).path("blockHash").asText();
    }

    private static String networkKey(LocalNetwork.Node node) throws Exception {
        return node.json("/api/v1/network/status", true).path("nodeKey").asText();
    }

    private static List<String> peers(LocalNetwork.Node node) throws Exception {
        List<String> keys = new ArrayList<>();
        node.json("/api/v1/network/peers", true).path("peers").forEach(p -> keys.add(p.path("nodeKey").asText()));
        return keys;
    }

    private static long height(LocalNetwork.Node node) throws Exception {
        return node.json("/api/v1/chain/info", false).path("height").asLong();
    }

    private static long confirmations(LocalNetwork.Node node, String id) throws Exception {
        HttpResponse<String> status = node.get("/api/v1/chain/transactions/" + id + "/status", false);
        return status.statusCode() == 200 ? JSON.readTree(status.body()).path("confirmations").asLong() : 0;
    }
}
