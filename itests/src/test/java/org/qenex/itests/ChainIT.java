package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.qenex.api.chain.ChainView;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.TaskScore;
import org.qenex.api.improvement.VerificationResult;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ledger as a user drives it: wallets, mining, transfers, the 80/20 split and queries, through
 * the shell and the REST API of a booted node. The AI side is a test double here (a source of
 * proofs and a verifier that accepts only those, ranked above the node's own AI, which the chain
 * takes over at once); {@code AiChainIT} runs the real one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChainIT extends ChainTestSupport {


    @Configuration
    public Option[] config() {
        // the node's own single-validator genesis, with 1 s slots
        return baseConfiguration(
                editConfigurationFilePut("etc/org.qenex.chain.cfg", "blockIntervalMillis", "1000"));
    }

    @Inject
    private ConfigurationAdmin configurationAdmin;

    /** {@code enabled = false} in {@code org.qenex.chain.public}: the public reads leave the API, and come back. */
    @Test
    public void theOperatorSwitchesThePublicReadsOffAndOn() throws Exception {
        awaitLedger();
        await("GET /api/v1/chain/info without a login", () -> anonymousStatus("/api/v1/chain/info") == 200);
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration("org.qenex.chain.public", "?");
        Dictionary<String, Object> off = new Hashtable<>();
        off.put("enabled", false);
        config.update(off);
        try {
            await("the public reads off", () -> anonymousStatus("/api/v1/chain/info") == 401);
            assertEquals(401, anonymousStatus("/api/v1/chain/transactions/" + "ab".repeat(32) + "/status"));
            assertJsonError(get("/api/v1/chain/info", ADMIN, adminPassword()), 404, "not_found");
            JsonNode paths = json(get("/api/v1/openapi.json", ADMIN, adminPassword())).path("paths");
            assertTrue("still described: " + paths, !paths.has("/v1/chain/info") && paths.has("/v1/chain/head"));
        } finally {
            config.delete();
        }
        await("the public reads on again", () -> anonymousStatus("/api/v1/chain/info") == 200);
    }

    private int anonymousStatus(String path) {
        try {
            return get(path, null, null).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void walletsMiningTransfersAndTheSplitThroughShellAndRest() throws Exception {
        prepareChainUsers();
        // production is the validator's job: blocks come before anyone starts anything
        await("blocks with no operator action", () -> headHeight() >= 2);
        String production = shellAsAdmin("qenex:mine status");
        assertTrue(production, production.contains("Mining:          stopped")
                && production.contains("Production:      validator, taking turns with 0 others"));
        String alice = createWallet("alice", "alice-passphrase");
        String carol = createWallet("carol", "carol-passphrase");
        String bob = createWallet("bob", "bob-passphrase");
        assertTrue(shellAsAdmin("qenex:wallet list").contains(alice));
        // the command ACL: viewers may look, operators act
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:wallet list").contains(alice));
        assertTrue(shell(VIEWER, Set.of("viewer"), "qenex:mine status").contains("Mining:"));
        assertThrows(Exception.class, () -> shell(VIEWER, Set.of("viewer"), "qenex:mine start"));
        assertThrows(Exception.class,
                () -> shell(VIEWER, Set.of("viewer"), "qenex:wallet --passphrase bob-passphrase send bob " + alice + " 1"));

        // plugins see the ledger through the API: a read-only view and an event per block
        List<Event> blockEvents = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> eventHandler = bundleContext.registerService(EventHandler.class,
                blockEvents::add, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, QenexTopics.BLOCK)));
        // a handler of the transaction topic: while it is registered the chain posts one event per transaction
        List<Event> transactionEvents = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> transactionHandler = bundleContext.registerService(EventHandler.class,
                transactionEvents::add, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, QenexTopics.TRANSACTION)));

        FakeImprover improver = new FakeImprover(
                () -> bundleContext.getService(bundleContext.getServiceReference(ContributorKeys.class)));
        List<ServiceRegistration<?>> registrations = new ArrayList<>();
        // ranked above the AI bundle's own, which the chain then drops for these
        Dictionary<String, Object> ranking = new Hashtable<>(Map.of(Constants.SERVICE_RANKING, 100));
        registrations.add(bundleContext.registerService(ImprovementVerifier.class, improver, ranking));
        registrations.add(bundleContext.registerService(ImprovementSource.class, improver, ranking));
        try {
            // mining for a node wallet unlocks it, so that candidates carry its signature unattended;
            // the first proof rewards alice, who has no parent yet
            String started = shellAsAdmin("qenex:mine --passphrase alice-passphrase start alice");
            assertTrue(started, started.contains("Mining:          running"));
            await("improvement work requested for alice", () -> improver.requested.contains(alice));
            ImprovementProof first = improver.offer(alice, 40_000);
            await("alice rewarded", () -> balance(alice) > 0);
            assertEquals("the first version is the tip of the model's version chain", first.versionHash(),
                    viewerJson("/api/v1/chain/head").path("modelTip").asText());
            long firstReward = balance(alice);
            assertEquals(firstReward, mintedInChain());

            // the hierarchy: carol becomes alice's parent, then alice's next reward is split 80/20
            String setParent = shellAsAdmin("qenex:wallet --passphrase alice-passphrase --parent-passphrase carol-passphrase "
                    + "set-parent alice carol");
            awaitConfirmed(txId(setParent));
            assertEquals(carol, account(alice).path("parent").asText());
            long aliceBefore = balance(alice);
            long mintedBefore = mintedInChain();
            // a producer's forgery first: alice's rewarded version again, re-based on the genesis version at a
            // new time (signed, and confirmed by this verifier as a reproducing one would): never minted
            improver.offerRebasedOnGenesis(first);
            ImprovementProof second = improver.offer(alice, 40_000);
            await("the second reward", () -> mintedInChain() > mintedBefore);
            await("the second version is the tip", () -> second.versionHash().equals(
                    viewerJson("/api/v1/chain/head").path("modelTip").asText()));
            long reward = mintedInChain() - mintedBefore;
            assertEquals("one full reward, not two", 50 * 100_000_000L, reward);
            long parentShare = reward * 2_000 / 10_000;
            assertEquals("carol gets 20 %, rounded down", parentShare, balance(carol));
            assertEquals("alice gets the rest", reward - parentShare, balance(alice) - aliceBefore);

            // a transfer through the shell, confirmed in a block and visible through shell and REST
            String sent = shellAsAdmin("qenex:wallet --passphrase alice-passphrase send alice " + bob + " 1.5");
            String transfer = txId(sent);
            JsonNode confirmed = awaitConfirmed(transfer);
            assertTrue(confirmed.toString(), confirmed.path("blockHeight").asLong() > 0);
            assertEquals(150_000_000L, balance(bob));
            assertTrue(shellAsAdmin("qenex:wallet balance bob").contains("1.5"));
            assertTrue(shellAsAdmin("qenex:chain tx " + transfer).contains(bob));

            // a transfer built with the JDK and docs/chain-format.md alone; the wallet reads what it needs
            // (chain id, minimum fee, its next nonce, the transfer's status) and submits without a login
            JdkOnlyWallet outsider = new JdkOnlyWallet();
            awaitConfirmed(txId(shellAsAdmin("qenex:wallet --passphrase alice-passphrase send alice "
                    + outsider.address() + " 3")));
            JsonNode info = json(get("/api/v1/chain/info", null, null));
            String chainId = info.path("chainId").asText();
            assertEquals(json(get("/api/v1/chain/parameters", VIEWER, VIEWER_PASSWORD)).path("chainId").asText(), chainId);
            long nonce = json(get("/api/v1/chain/accounts/" + outsider.address() + "/nonce", null, null)).path("nextNonce").asLong();
            assertEquals(0, nonce);
            String hex = outsider.signedTransferHex(chainId, bob, 100_000_000L, info.path("minFee").asLong(), nonce);
            assertEquals("a transfer on this chain id is 157 bytes (docs/chain-format.md)", 157 + chainId.length() - 10,
                    hex.length() / 2);
            HttpResponse<String> submitted = post("/api/v1/chain/transactions", "{\"hex\":\"" + hex + "\"}", null, null);
            assertEquals(submitted.body(), 202, submitted.statusCode());
            String id = json(submitted).path("id").asText();
            assertEquals("the id is SHA-256 of the signed bytes", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(HexFormat.of().parseHex(hex.substring(0, hex.length() - 128)))), id);
            assertEquals("the next nonce counts the pending transfer", 1,
                    json(get("/api/v1/chain/accounts/" + outsider.address() + "/nonce", null, null)).path("nextNonce").asLong());
            await("the outsider's transfer confirmed, read without a login", () -> {
                try {
                    return json(get("/api/v1/chain/transactions/" + id + "/status", null, null)).path("confirmations").asLong() >= 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode confirmedTransfer = transaction(id);
            assertEquals(outsider.address(), confirmedTransfer.path("from").asText());
            assertEquals(250_000_000L, balance(bob));

            // a replay of that transaction is refused and changes nothing
            assertJsonErrorStartingWith(post("/api/v1/chain/transactions", "{\"hex\":\"" + hex + "\"}", null, null), "nonce");
            assertJsonError(post("/api/v1/chain/transactions", "{\"hex\":\"zz\"}", null, null), 400, "bad_encoding");
            assertEquals(250_000_000L, balance(bob));

            // a batch, no login: the next two nonces in one request, and the replayed one refused inside it
            long minFee = info.path("minFee").asLong();
            String nextOne = outsider.signedTransferHex(chainId, bob, 1_000, minFee, 1);
            String afterIt = outsider.signedTransferHex(chainId, bob, 2_000, minFee, 2);
            HttpResponse<String> batch = post("/api/v1/chain/transactions/batch",
                    "{\"transactions\":[\"" + nextOne + "\",\"" + afterIt + "\",\"" + hex + "\"]}", null, null);
            assertEquals(batch.body(), 200, batch.statusCode());
            JsonNode verdicts = json(batch);
            assertEquals(batch.body(), 2, verdicts.path("accepted").asInt());
            assertEquals("nonce_replayed", verdicts.path("results").path(2).path("error").asText());
            awaitConfirmed(verdicts.path("results").path(1).path("id").asText());
            assertEquals(250_003_000L, balance(bob));
            String forged = afterIt.substring(0, afterIt.length() - 2) + (afterIt.endsWith("00") ? "01" : "00");
            assertJsonError(post("/api/v1/chain/transactions/batch", "{\"transactions\":[\"" + forged + "\"]}", null, null),
                    400, "bad_signature");

            // node wallets over REST: operators only
            assertEquals(403, get("/api/v1/wallets", VIEWER, VIEWER_PASSWORD).statusCode());
            JsonNode wallets = json(get("/api/v1/wallets", OPERATOR, OPERATOR_PASSWORD));
            assertEquals(wallets.toString(), 3, wallets.path("wallets").size());
            HttpResponse<String> restSend = post("/api/v1/wallets/bob/transfers",
                    "{\"passphrase\":\"bob-passphrase\",\"to\":\"" + carol + "\",\"amount\":50000000}", OPERATOR, OPERATOR_PASSWORD);
            assertEquals(restSend.body(), 202, restSend.statusCode());
            awaitConfirmed(json(restSend).path("id").asText());
            assertJsonError(post("/api/v1/wallets/bob/transfers",
                    "{\"passphrase\":\"wrong\",\"to\":\"" + carol + "\",\"amount\":1}", OPERATOR, OPERATOR_PASSWORD),
                    403, "wrong_passphrase");

            // queries
            JsonNode head = json(get("/api/v1/chain/head", VIEWER, VIEWER_PASSWORD));
            long height = head.path("height").asLong();
            assertTrue(head.toString(), height >= 4);
            assertEquals(height, json(get("/api/v1/chain/blocks/" + height, VIEWER, VIEWER_PASSWORD)).path("height").asLong());
            assertJsonError(get("/api/v1/chain/accounts/qx1notanaddress", VIEWER, VIEWER_PASSWORD), 400, "bad_address");
            assertJsonError(get("/api/v1/chain/blocks/99999999", VIEWER, VIEWER_PASSWORD), 404, "unknown_block");
            String status = shellAsAdmin("qenex:mine status");
            assertTrue(status, status.contains("Proofs rewarded: 2"));
            String verify = shellAsAdmin("qenex:chain verify");
            assertTrue(verify, verify.startsWith("OK: "));
            assertTrue(shellAsAdmin("qenex:wallet balance not-a-wallet").contains("neither a wallet name nor a valid address"));
            assertEquals("every unit accounted for", mintedInChain(),
                    balance(alice) + balance(bob) + balance(carol) + balance(outsider.address()) + feesCollected());

            ChainView view = bundleContext.getService(bundleContext.getServiceReference(ChainView.class));
            assertEquals(mintedInChain(), view.mintedUnits());
            assertEquals(balance(bob), view.balanceUnits(bob));
            assertThrows(IllegalArgumentException.class, () -> view.balanceUnits("qx1notanaddress"));
            long viewHeight = view.height();
            await("an event for each block", () -> blockEvents.stream()
                    .anyMatch(e -> ((Long) e.getProperty(QenexTopics.HEIGHT)) >= viewHeight));
            assertTrue("the blocks that minted say so",
                    blockEvents.stream().mapToLong(e -> (Long) e.getProperty(QenexTopics.MINTED)).sum() > 0);
            // the shell transfer: its own event, and the same properties in its block's CONFIRMED list
            Event transferEvent = transactionEvents.stream().filter(e -> transfer.equals(e.getProperty(QenexTopics.ID)))
                    .findFirst().orElseThrow(() -> new AssertionError("no transaction event for " + transfer));
            assertEquals(bob, transferEvent.getProperty(QenexTopics.TO));
            assertEquals(150_000_000L, transferEvent.getProperty(QenexTopics.AMOUNT));
            assertTrue("its block's event carries it", blockEvents.stream()
                    .filter(e -> transferEvent.getProperty(QenexTopics.HASH).equals(e.getProperty(QenexTopics.HASH)))
                    .anyMatch(e -> e.getProperty(QenexTopics.CONFIRMED) instanceof List<?> carried && carried.stream()
                            .anyMatch(t -> t instanceof Map<?, ?> m && transfer.equals(m.get(QenexTopics.ID)) && bob.equals(m.get(QenexTopics.TO)))));
            transactionHandler.unregister();
            eventHandler.unregister();

            // hot swap: updating the chain bundle stops nothing else, loses no coin, and mining goes on
            long bobBefore = balance(bob);
            long heightBefore = json(get("/api/v1/chain/head", VIEWER, VIEWER_PASSWORD)).path("height").asLong();
            List<String> stopped = new CopyOnWriteArrayList<>();
            SynchronousBundleListener listener = event -> {
                if (event.getType() == BundleEvent.STOPPED) {
                    stopped.add(event.getBundle().getSymbolicName());
                }
            };
            bundleContext.addBundleListener(listener);
            try {
                bundle("org.qenex.chain").update();
                awaitLedger();
            } finally {
                bundleContext.removeBundleListener(listener);
            }
            assertEquals("only the chain stopped: " + stopped, List.of("org.qenex.chain"), List.copyOf(stopped));
            assertEquals(bobBefore, balance(bob));
            assertTrue(shellAsAdmin("qenex:mine status").contains("Mining:          running"));
            await("blocks produced after the update", () -> headHeight() > heightBefore + 1);
        } finally {
            shellAsAdmin("qenex:mine stop");
            registrations.forEach(ServiceRegistration::unregister);
        }
    }

    private long headHeight() {
        return viewerJson("/api/v1/chain/head").path("height").asLong();
    }

    /**
     * Hands out proofs on request, each extending the previous one and signed by the contributor's
     * node wallet (unlocked by {@code qenex:mine start WALLET}), and accepts exactly those it handed
     * out, as a verifier that only reproduces would.
     */
    static final class FakeImprover implements ImprovementSource, ImprovementVerifier {

        final List<String> requested = new CopyOnWriteArrayList<>();
        private final List<ImprovementProof> proofs = new CopyOnWriteArrayList<>();
        private final SecureRandom random = new SecureRandom();
        private final Supplier<ContributorKeys> keys;
        private String tip = "0".repeat(64);

        FakeImprover(Supplier<ContributorKeys> keys) {
            this.keys = keys;
        }

        ImprovementProof offer(String contributor, long gainPpm) {
            ImprovementProof proof = make(contributor, gainPpm, tip, randomHex());
            tip = proof.versionHash();
            proofs.add(proof);
            return proof;
        }

        /** {@code original}'s content on the genesis version: a new version hash, the same predictions. */
        void offerRebasedOnGenesis(ImprovementProof original) {
            proofs.add(make(original.contributor(), original.bestGainPpm(), "0".repeat(64), original.predictionFingerprint()));
        }

        private ImprovementProof make(String contributor, long gainPpm, String parent, String fingerprint) {
            String candidate = "{\"pipelines\":{\"itest-task\":{\"learner\":\"J48\",\"options\":[\"" + fingerprint + "\"]}}}";
            ContributorSignature signature = keys.get().signUnlocked(contributor, parent, candidate)
                    .orElseThrow(() -> new AssertionError(contributor + "'s wallet is not unlocked"));
            return new ImprovementProof(randomHex(), parent, "{\"test\":true}",
                    List.of(new TaskScore("itest-task", "1", "a".repeat(64), 500_000, 500_000 + gainPpm)),
                    contributor, System.currentTimeMillis(), fingerprint, candidate, signature.publicKey(),
                    signature.signature());
        }

        private String randomHex() {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        @Override
        public List<ImprovementProof> acceptedProofs() {
            return List.copyOf(proofs);
        }

        @Override
        public void requestWork(String contributor) {
            requested.add(contributor);
        }

        @Override
        public VerificationResult verify(ImprovementProof proof) {
            return proofs.contains(proof) ? VerificationResult.valid("handed out by the test")
                    : VerificationResult.invalid("not handed out by the test");
        }
    }
}
