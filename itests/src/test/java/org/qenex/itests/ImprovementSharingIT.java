package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sharing the model (issue 12): three validators of one genesis, each a real node
 * ({@link LocalNetwork}), configured as docs/network.md, "Making a network", says: the same genesis
 * file and the same held-out secret and epoch for every built-in task. An improvement judged at A
 * is carried in A's block, verified (retrained) by B and C before they accept the block, and adopted
 * as their champion; the next one, judged at B on top of it, goes the same way back to A and C.
 * Every node ends with the same version chain (hashes, in order), the same balances, and the same
 * head and state commitment; no node refused a block for its proof or banned a peer over it.
 */
public class ImprovementSharingIT {

    private static final long INTERVAL = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The network's held-out secret: shared privately by the validators, like a key (never the public test one). */
    private static final String SECRET = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f";
    private static final String GENESIS_PARENT = "0".repeat(64);
    private static final String J48 = "{\"pipelines\": {\"mathematics.product-relation\": {\"learner\": \"J48\"}}}";
    private static final String FOREST = "{\"pipelines\": {\"mathematics.product-relation\": {\"learner\": \"RandomForest\","
            + " \"options\": [\"-I\", \"30\"]}}}";

    @ClassRule
    public static final LocalNetwork NETWORK = new LocalNetwork();

    private static LocalNetwork.Node a;
    private static LocalNetwork.Node b;
    private static LocalNetwork.Node c;

    @BeforeClass
    public static void threeValidatorsSharingOneHeldOutSecret() throws Exception {
        a = NETWORK.add("a");
        b = NETWORK.add("b");
        c = NETWORK.add("c");
        List<String> keys = new ArrayList<>();
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            keys.add(node.createValidatorKey());
        }
        Path genesis = NETWORK.writeGenesis("qenex-sharing", INTERVAL, keys);
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            node.genesis(genesis);
            for (String task : List.of("mathematics", "language", "code")) {
                node.config("org.qenex.ai.tasks." + task, Map.of("heldOutSecret", SECRET, "epoch", 0, "epochHours", 0));
            }
            // the improvers' random search would only compete with the test for two cores: each improvement is submitted by hand
            node.config("org.qenex.ai.improver", Map.of("enabled", "false"));
        }
        a.seed(b);
        b.seed(c);
        c.seed(a);
        NETWORK.startAll();
    }

    @Test
    public void anImprovementFoundAtAAndOneFoundAtBEndOnEveryNodeInOneVersionChain() throws Exception {
        NETWORK.awaitSameBlock(height(a) + 2, Duration.ofMinutes(3));
        JsonNode tasks = a.json("/api/v1/ai/tasks", true);
        for (LocalNetwork.Node node : List.of(b, c)) {
            assertEquals("the same task data everywhere: the shared secret", dataHashes(tasks), dataHashes(node.json("/api/v1/ai/tasks", true)));
        }

        // 1. found at A (judged there), verified and adopted by B and C
        JdkOnlyWallet alice = new JdkOnlyWallet();
        String first = submit(a, alice, GENESIS_PARENT, J48);
        awaitRewardEverywhere(alice);
        awaitVersionsEverywhere(List.of(first));

        // 2. found at B, on top of the version B adopted, and back to A and C
        JdkOnlyWallet bob = new JdkOnlyWallet();
        String second = submit(b, bob, first, FOREST);
        awaitRewardEverywhere(bob);
        awaitVersionsEverywhere(List.of(first, second));

        long head = height(a);
        NETWORK.awaitSameBlock(head, Duration.ofMillis(4 * INTERVAL));
        for (LocalNetwork.Node node : List.of(b, c)) {
            assertEquals(node.name, balance(a, alice.address()), balance(node, alice.address()));
            assertEquals(node.name, balance(a, bob.address()), balance(node, bob.address()));
        }
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            assertEquals(node.name, List.of(), node.logLines("proof_not_verified"));
            assertEquals(node.name, List.of(), node.logLines("network: banned"));
        }
    }

    /** Submits {@code candidate}, signed outside the node by {@code contributor} for {@code parent}, to {@code node}; returns the version's hash. */
    private static String submit(LocalNetwork.Node node, JdkOnlyWallet contributor, String parent, String candidate)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("contributor", contributor.address(), "parent", parent,
                "candidate", candidate, "publicKey", contributor.publicKeyHex(),
                "signature", contributor.signCandidateHex(parent, candidate)));
        HttpResponse<String> submitted = node.post("/api/v1/ai/candidates", body, true);
        assertEquals(submitted.body(), 202, submitted.statusCode());
        String id = JSON.readTree(submitted.body()).path("id").asText();
        JsonNode[] decided = new JsonNode[1];
        LocalNetwork.await(node.name + " judges the candidate", Duration.ofMinutes(5), () -> {
            decided[0] = node.json("/api/v1/ai/candidates/" + id, true);
            String state = decided[0].path("state").asText();
            return state.equals("accepted") || state.equals("rejected");
        });
        assertEquals(decided[0].toString(), "accepted", decided[0].path("state").asText());
        JsonNode versions = node.json("/api/v1/ai/versions", true);
        JsonNode latest = versions.get(versions.size() - 1);
        assertEquals(parent, latest.path("parentHash").asText());
        return latest.path("hash").asText();
    }

    private static void awaitRewardEverywhere(JdkOnlyWallet contributor) throws Exception {
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            LocalNetwork.await(node.name + " credits " + contributor.address(), Duration.ofMinutes(8),
                    () -> balance(node, contributor.address()) > 0);
        }
    }

    /** Adoption follows the block in the background: waits until every node lists exactly {@code hashes}. */
    private static void awaitVersionsEverywhere(List<String> hashes) throws Exception {
        for (LocalNetwork.Node node : List.of(a, b, c)) {
            LocalNetwork.await(node.name + " holds the version chain " + hashes, Duration.ofMinutes(2),
                    () -> versionHashes(node).equals(hashes));
        }
    }

    private static List<String> versionHashes(LocalNetwork.Node node) throws Exception {
        List<String> hashes = new ArrayList<>();
        node.json("/api/v1/ai/versions", true).forEach(v -> hashes.add(v.path("hash").asText()));
        return hashes;
    }

    private static List<String> dataHashes(JsonNode tasks) {
        List<String> hashes = new ArrayList<>();
        tasks.forEach(t -> hashes.add(t.path("name").asText() + "=" + t.path("dataHash").asText()));
        return hashes;
    }

    private static long height(LocalNetwork.Node node) throws Exception {
        return node.json("/api/v1/chain/info", false).path("height").asLong();
    }

    private static long balance(LocalNetwork.Node node, String address) throws Exception {
        return node.json("/api/v1/chain/accounts/" + address, true).path("balance").asLong();
    }
}
