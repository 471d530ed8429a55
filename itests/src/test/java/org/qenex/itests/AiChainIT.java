package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.qenex.api.ai.BenchmarkTask;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Proof of Improvement end to end, with the real AI: a candidate submitted over REST is trained,
 * passes the gate and becomes a version; the chain re-verifies its proof by retraining and mints
 * the contributor's reward, split 80/20 once the contributor has a parent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AiChainIT extends ChainTestSupport {

    private static final String MATHEMATICS = "{\"mathematics.product-relation\": {\"learner\": \"J48\", \"options\": []}}";
    private static final String LANGUAGE = "{\"language.fortunes\": {\"learner\": \"NaiveBayesMultinomial\", \"filters\": "
            + "[{\"name\": \"StringToWordVector\", \"options\": [\"-W\", \"1000\", \"-L\"]}]}}";

    @Configuration
    public Option[] config() {
        return baseConfiguration(
                // only the test's candidates: the background improver stays off
                editConfigurationFilePut("etc/org.qenex.ai.improver.cfg", "enabled", "false"),
                editConfigurationFilePut("etc/org.qenex.chain.cfg", "blockIntervalMillis", "1000"));
    }

    @Test
    public void aCandidateSubmittedOverRestIsMintedWithTheSplit() throws Exception {
        prepareChainUsers();
        String carol = createWallet("carol", "carol-passphrase");
        String alice = createWallet("alice", "alice-passphrase");
        String mining = shellAsAdmin("qenex:mine start");
        assertTrue(mining, mining.contains("Verifier:        present"));

        // carol's candidate: J48 on mathematics beats the majority-class baseline
        // unsigned: refused; signed by carol's node wallet (the request names it with its passphrase): queued
        assertJsonError(post("/api/v1/ai/candidates", "{\"contributor\": \"" + carol + "\", \"pipelines\": " + MATHEMATICS
                + "}", OPERATOR, OPERATOR_PASSWORD), 400, "unsigned_candidate");
        assertJsonError(post("/api/v1/ai/candidates", "{\"wallet\": \"carol\", \"passphrase\": \"not-carols\", \"pipelines\": "
                + MATHEMATICS + "}", OPERATOR, OPERATOR_PASSWORD), 403, "wrong_passphrase");
        JsonNode first = awaitDecided(submit("carol", "carol-passphrase", MATHEMATICS));
        assertEquals(first.toString(), "accepted", first.path("state").asText());
        await("carol's reward minted", () -> balance(carol) > 0);
        JsonNode mint = mintFor(versionHash(first));
        assertEquals(carol, mint.path("contributor").asText());
        assertEquals(mint.path("reward").asLong(), balance(carol));

        // alice gets 1 QXC from carol and takes carol as her parent
        awaitConfirmed(txId(shellAsAdmin("qenex:wallet --passphrase carol-passphrase send carol " + alice + " 1")));
        awaitConfirmed(txId(shellAsAdmin("qenex:wallet --passphrase alice-passphrase --parent-passphrase carol-passphrase "
                + "set-parent alice carol")));
        assertEquals(carol, account(alice).path("parent").asText());
        long aliceBefore = balance(alice);
        long carolBefore = balance(carol);

        // alice's candidate improves the language task: 80 % to her, 20 % to carol
        JsonNode second = awaitDecided(submit("alice", "alice-passphrase", LANGUAGE));
        assertEquals(second.toString(), "accepted", second.path("state").asText());
        await("alice's reward minted", () -> balance(alice) > aliceBefore);
        long reward = mintFor(versionHash(second)).path("reward").asLong();
        long parentShare = reward * 2_000 / 10_000;
        assertEquals(reward - parentShare, balance(alice) - aliceBefore);
        assertEquals(parentShare, balance(carol) - carolBefore);
        assertEquals("minted is the sum of both rewards", mint.path("reward").asLong() + reward, mintedInChain());

        String versions = shellAsAdmin("qenex:ai verify");
        assertTrue(versions, versions.contains("intact: "));
        assertTrue(shellAsAdmin("qenex:chain verify").startsWith("OK: "));
        shellAsAdmin("qenex:mine stop");

        // a third party's task: registered like a hot-deployed plugin, it is scored and improved like the built-in ones
        ServiceRegistration<BenchmarkTask> plugin = bundleContext.registerService(BenchmarkTask.class, new ThresholdTask(), null);
        try {
            await("the plugin's task listed", () -> tasks().contains(ThresholdTask.NAME));
            // signed outside the node with the JDK and docs/chain-format.md alone, for the latest version
            JdkOnlyWallet outsider = new JdkOnlyWallet();
            String latest = versionHash(second);
            String candidate = "{\"pipelines\": {\"" + ThresholdTask.NAME + "\": {\"learner\": \"J48\", \"options\": []}}}";
            String forged = signedBody(outsider, latest, candidate, outsider.signCandidateHex("0".repeat(64), candidate));
            assertJsonError(post("/api/v1/ai/candidates", forged, OPERATOR, OPERATOR_PASSWORD), 400, "bad_contributor_signature");
            HttpResponse<String> signed = post("/api/v1/ai/candidates",
                    signedBody(outsider, latest, candidate, outsider.signCandidateHex(latest, candidate)), OPERATOR,
                    OPERATOR_PASSWORD);
            assertEquals(signed.body(), 202, signed.statusCode());
            JsonNode third = awaitDecided(json(signed).path("id").asText());
            assertEquals(third.toString(), "accepted", third.path("state").asText());
            assertEquals(outsider.address(), third.path("contributor").asText());
        } finally {
            plugin.unregister();
        }
        await("the plugin's task gone with it", () -> !tasks().contains(ThresholdTask.NAME));

        // the command ACL: viewers may look, operators act
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:ai versions").contains(versionHash(second).substring(0, 12)));
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:ai improver status").contains("improver"));
        assertThrows(Exception.class, () -> shell(VIEWER, Set.of("viewer"), "qenex:ai improver start"));
        assertThrows(Exception.class, () -> shell(VIEWER, Set.of("viewer"), "qenex:ai submit --passphrase alice-passphrase alice "
                + MATHEMATICS));
    }

    private String tasks() {
        return viewerJson("/api/v1/ai/tasks").toString();
    }

    private static String signedBody(JdkOnlyWallet contributor, String parent, String candidate, String signature)
            throws Exception {
        return JSON.writeValueAsString(java.util.Map.of("contributor", contributor.address(), "parent", parent,
                "candidate", candidate, "publicKey", contributor.publicKeyHex(), "signature", signature));
    }

    /** A candidate signed by a node wallet, named with its passphrase. */
    private String submit(String wallet, String passphrase, String pipelines) throws Exception {
        HttpResponse<String> response = post("/api/v1/ai/candidates", "{\"wallet\": \"" + wallet + "\", \"passphrase\": \""
                + passphrase + "\", \"pipelines\": " + pipelines + "}", OPERATOR, OPERATOR_PASSWORD);
        assertEquals(response.body(), 202, response.statusCode());
        return json(response).path("id").asText();
    }

    private JsonNode awaitDecided(String candidate) throws Exception {
        await("candidate " + candidate + " decided", java.time.Duration.ofMinutes(3), () -> {
            String state = candidate(candidate).path("state").asText();
            return state.equals("accepted") || state.equals("rejected");
        });
        return candidate(candidate);
    }

    private JsonNode candidate(String id) {
        return viewerJson("/api/v1/ai/candidates/" + id);
    }

    private String versionHash(JsonNode candidate) throws Exception {
        long sequence = candidate.path("version").asLong();
        HttpResponse<String> version = get("/api/v1/ai/versions/" + sequence, VIEWER, VIEWER_PASSWORD);
        assertEquals(version.body(), 200, version.statusCode());
        return json(version).path("hash").asText();
    }

    /** The mint entry for an AI version, found by walking the chain down from its head. */
    private JsonNode mintFor(String versionHash) throws Exception {
        long height = json(get("/api/v1/chain/head", VIEWER, VIEWER_PASSWORD)).path("height").asLong();
        for (long h = height; h > 0; h--) {
            for (JsonNode mint : json(get("/api/v1/chain/blocks/" + h, VIEWER, VIEWER_PASSWORD)).path("mints")) {
                if (mint.path("versionHash").asText().equals(versionHash)) {
                    return mint;
                }
            }
        }
        throw new AssertionError("no block mints version " + versionHash);
    }
}
