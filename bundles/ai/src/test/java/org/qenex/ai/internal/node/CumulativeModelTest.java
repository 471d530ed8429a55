package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.version.ChainCheck;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.version.VersionHashing;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.osgi.service.event.Event;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.event.testing.RecordingEventAdmin;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.testing.MemoryStore;

/** The whole path on the mathematics task: submit, judge, version, proof, verification, tampering. */
public class CumulativeModelTest {

    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";
    private static final String LOGISTIC = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"Logistic\","
            + "\"options\":[\"-M\",\"50\"]}}}";
    private static final String ZERO_R = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"ZeroR\"}}}";
    private static final String ONE_R = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"OneR\"}}}";

    private static final TestContributor ALICE = TestContributor.create();
    private static final TestContributor BOB = TestContributor.create();
    private static final TestContributor CAROL = TestContributor.create();
    private static final TestContributor MALLORY = TestContributor.create();
    private static WorkerProcess worker;
    private static MemoryStore store;
    private static CumulativeModel model;
    private static ProofReproducer reproducer;
    private static CandidateRecord accepted;
    private static PipelineFactory factory;
    private static PipelineEvaluator evaluator;
    private static final RecordingEventAdmin events = new RecordingEventAdmin("the judging job must not wait for event handlers");

    @BeforeClass
    public static void acceptOneCandidate() {
        worker = TestWorkers.start();
        WekaAllowList allowList = new WekaAllowList();
        factory = new PipelineFactory(allowList);
        evaluator = new PipelineEvaluator(factory, worker);
        ImprovementGate gate = new ImprovementGate(GateSettings.DEFAULT);
        TaskCatalog catalog = new FixedCatalog(List.of(BuiltInTaskFixtures.named("mathematics.product-relation")));
        store = new MemoryStore();
        model = new CumulativeModel(store, catalog, factory, evaluator, gate, NodeKey.ephemeral(),
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                new ModelLimits(Duration.ofSeconds(60), 10, 3, 4, 10));
        reproducer = new ProofReproducer(catalog, evaluator, gate);
        model.publishTo(new AiEvents(() -> events));
        CandidateRecord queued = model.intake().submit(Submitter.user("alice"), ALICE.sign(model.versions().latestHash(), J48));
        assertEquals(CandidateState.QUEUED, queued.state());
        accepted = model.judging().judgeNext().orElseThrow();
    }

    @AfterClass
    public static void stopWorker() {
        worker.close();
    }

    @Test
    public void aBetterCandidateBecomesASignedChainedVersion() {
        assertEquals(accepted.reason(), CandidateState.ACCEPTED, accepted.state());
        ModelVersion version = model.versions().all().get(0);
        assertEquals(1, version.sequence());
        assertEquals(ModelVersion.GENESIS_PARENT, version.parentHash());
        assertEquals(ALICE.address(), version.contributor());
        assertTrue(version.tasks().get(0).scorePpm() > version.tasks().get(0).baselinePpm());
        assertTrue(model.versions().verify().intact());
        assertEquals(version, model.versions().find(version.hash()).orElseThrow());
    }

    @Test
    public void eachStateOfTheCandidateAndTheNewVersionArePosted() {
        List<Event> first = events.posted().subList(0, 4);
        assertEquals(List.of(QenexTopics.AI_CANDIDATE, QenexTopics.AI_CANDIDATE, QenexTopics.AI_VERSION,
                QenexTopics.AI_CANDIDATE), first.stream().map(Event::getTopic).toList());
        assertEquals(List.of("queued", "training"), first.subList(0, 2).stream()
                .map(e -> e.getProperty(QenexTopics.STATE)).toList());
        assertEquals(accepted.id(), first.get(0).getProperty(QenexTopics.ID));
        assertEquals("accepted", first.get(3).getProperty(QenexTopics.STATE));
        assertEquals(accepted.id(), first.get(3).getProperty(QenexTopics.ID));
        ModelVersion version = model.versions().all().get(0);
        assertEquals(version.hash(), first.get(2).getProperty(QenexTopics.VERSION));
        assertEquals("the proof the chain mints on", model.proofs().all().get(0).id(),
                first.get(2).getProperty(QenexTopics.ID));
    }

    @Test
    public void theSamePredictionsAgainAreADuplicateAndAWorseCandidateIsRefused() {
        CandidateRecord duplicate = model.intake().submit(Submitter.user("bob"), BOB.sign(model.versions().latestHash(), J48));
        CandidateRecord worse = model.intake().submit(Submitter.user("bob"), BOB.sign(model.versions().latestHash(), LOGISTIC));
        CandidateRecord judgedDuplicate = model.judging().judgeNext().orElseThrow();
        CandidateRecord judgedWorse = model.judging().judgeNext().orElseThrow();
        assertEquals(duplicate.id(), judgedDuplicate.id());
        assertEquals(CandidateState.REJECTED, judgedDuplicate.state());
        assertTrue(judgedDuplicate.reason(), judgedDuplicate.reason().startsWith(CandidateJudging.NOT_ACCEPTED));
        assertEquals(worse.id(), judgedWorse.id());
        assertEquals(CandidateState.REJECTED, judgedWorse.state());
        // "not accepted" and the public split's Ladder outcome only: no task named as regressing, no held-out figure
        assertTrue(judgedWorse.reason(), judgedWorse.reason().matches(
                "not accepted \\(public split: mathematics\\.product-relation (no new public best|new public best ~0\\.[0-9]{3})\\)"));
        assertEquals(1, model.versions().all().size());
    }

    @Test
    public void badSubmissionsAreRefusedAndStoreNothing() {
        long before = store.namespace("ai.candidates", Codecs.STRING, Codecs.BYTES).count();
        String latest = model.versions().latestHash();
        assertRefused(() -> model.intake().submit(Submitter.user("carol"), CAROL.sign(latest,
                "{\"pipelines\":{\"no.such-task\":{\"learner\":\"J48\"}}}")), SpecRejectedException.UNKNOWN_TASK);
        assertRefused(() -> model.intake().submit(Submitter.user("carol"), CAROL.sign(latest, "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":"
                + "\"J48\",\"options\":[\"-t\",\"/etc/passwd\"]}}}")), SpecRejectedException.OPTION_NOT_ALLOWED);
        ContributorSignature carols = CAROL.signature(latest, J48);
        assertRefused(() -> model.intake().submit(Submitter.user("carol"), new SignedCandidate(J48, latest, new ContributorSignature("not an address!",
                carols.publicKey(), carols.signature()))), SpecRejectedException.MALFORMED);
        // carol's key and signature claimed for bob: the key is not bob's
        assertRefused(() -> model.intake().submit(Submitter.user("carol"), new SignedCandidate(J48, latest, new ContributorSignature(BOB.address(),
                carols.publicKey(), carols.signature()))), SpecRejectedException.BAD_CONTRIBUTOR_SIGNATURE);
        // carol's signature of another candidate
        assertRefused(() -> model.intake().submit(Submitter.user("carol"), new SignedCandidate(LOGISTIC, latest, carols)),
                SpecRejectedException.BAD_CONTRIBUTOR_SIGNATURE);
        // signed for the genesis version, but version 1 is the latest
        assertRefused(() -> model.intake().submit(Submitter.user("carol"), CAROL.sign(ModelVersion.GENESIS_PARENT, J48)),
                SpecRejectedException.STALE_PARENT);
        assertEquals(before, store.namespace("ai.candidates", Codecs.STRING, Codecs.BYTES).count());
    }

    @Test
    public void aFloodFromOneContributorIsRateLimited() {
        TestContributor flood = TestContributor.create();
        for (int i = 0; i < 3; i++) {
            model.intake().submit(Submitter.user("flooder"), flood.sign(model.versions().latestHash(), J48));
        }
        try {
            model.intake().submit(Submitter.user("flooder"), flood.sign(model.versions().latestHash(), J48));
            fail("fourth submission in an hour accepted");
        } catch (RateLimitedException e) {
            assertTrue(e.getMessage().contains(flood.address()));
        }
        while (model.judging().judgeNext().isPresent()) {
            // drain, so other tests see a quiet queue
        }
    }

    @Test
    public void limitsHoldPerUserWhateverContributorItNamesAndPerContributorWhoeverSubmits() {
        // four per user per hour: a fifth contributor key gives no fresh quota
        for (int i = 0; i < 4; i++) {
            model.intake().submit(Submitter.user("mallory"), TestContributor.create().sign(model.versions().latestHash(), J48));
        }
        RateLimitedException user = assertThrows(RateLimitedException.class,
                () -> model.intake().submit(Submitter.user("mallory"), TestContributor.create().sign(model.versions().latestHash(), J48)));
        assertTrue(user.getMessage(), user.getMessage().contains("mallory"));
        drain();
        // three per contributor key per hour: another account gives no fresh quota either
        TestContributor target = TestContributor.create();
        for (int i = 0; i < 3; i++) {
            model.intake().submit(Submitter.user("account" + i), target.sign(model.versions().latestHash(), J48));
        }
        RateLimitedException contributor = assertThrows(RateLimitedException.class,
                () -> model.intake().submit(Submitter.user("account9"), target.sign(model.versions().latestHash(), J48)));
        assertTrue(contributor.getMessage(), contributor.getMessage().contains(target.address()));
        drain();
    }

    @Test
    public void aRestartGivesNoFreshQuota() {
        MemoryStore kept = new MemoryStore();
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        TestContributor dave = TestContributor.create();
        CumulativeModel before = restartedOn(kept, clock);
        for (int i = 0; i < 3; i++) {
            before.intake().submit(Submitter.user("dave"), dave.sign(before.versions().latestHash(), J48));
        }
        before.intake().submit(Submitter.node(), dave.sign(before.versions().latestHash(), J48));

        CumulativeModel after = restartedOn(kept, clock);
        RateLimitedException contributor = assertThrows(RateLimitedException.class,
                () -> after.intake().submit(Submitter.user("erin"), dave.sign(after.versions().latestHash(), J48)));
        assertTrue(contributor.getMessage(), contributor.getMessage().contains(dave.address()));
        after.intake().submit(Submitter.user("dave"), TestContributor.create().sign(after.versions().latestHash(), J48));
        RateLimitedException user = assertThrows("four per user, the node's own submission not among them",
                RateLimitedException.class,
                () -> after.intake().submit(Submitter.user("dave"), TestContributor.create().sign(after.versions().latestHash(), J48)));
        assertTrue(user.getMessage(), user.getMessage().contains("dave"));

        // an hour later the earlier run's submissions are out of the window
        CumulativeModel later = restartedOn(kept, Clock.offset(clock, Duration.ofMinutes(61)));
        assertEquals(CandidateState.QUEUED,
                later.intake().submit(Submitter.user("erin"), dave.sign(later.versions().latestHash(), J48)).state());
    }

    private static CumulativeModel restartedOn(MemoryStore kept, Clock clock) {
        return new CumulativeModel(kept, new FixedCatalog(List.of(BuiltInTaskFixtures.named("mathematics.product-relation"))),
                factory, evaluator, new ImprovementGate(GateSettings.DEFAULT), NodeKey.ephemeral(), clock,
                new ModelLimits(Duration.ofSeconds(60), 10, 3, 4, 10));
    }

    @Test
    public void oneUserCannotFillTheQueueAndUsersAreServedInTurn() {
        CumulativeModel fair = new CumulativeModel(new MemoryStore(), new FixedCatalog(
                List.of(BuiltInTaskFixtures.named("mathematics.product-relation"))), factory, evaluator,
                new ImprovementGate(GateSettings.DEFAULT), NodeKey.ephemeral(), Clock.systemUTC(),
                new ModelLimits(Duration.ofSeconds(60), 10, 100, 100, 3));
        String[] specs = { J48, LOGISTIC, ZERO_R };
        TestContributor flooder = TestContributor.create();
        for (int i = 0; i < 3; i++) {
            fair.intake().submit(Submitter.user("flooder"), flooder.sign(fair.versions().latestHash(), specs[i]));
        }
        assertThrows(RateLimitedException.class,
                () -> fair.intake().submit(Submitter.user("flooder"), flooder.sign(fair.versions().latestHash(), J48)));
        CandidateRecord late = fair.intake().submit(Submitter.user("patient"), TestContributor.create().sign(fair.versions().latestHash(), ONE_R));
        List<String> order = new java.util.ArrayList<>();
        fair.judging().judgeNext().ifPresent(c -> order.add(c.submitter()));
        fair.judging().judgeNext().ifPresent(c -> order.add(c.submitter() + ":" + c.id().equals(late.id())));
        assertEquals(List.of("flooder", "patient:true"), order);
        // the node's own improver is not a user: only the queue's size limits it
        for (int i = 0; i < 4; i++) {
            assertEquals(CandidateState.QUEUED,
                    fair.intake().submit(Submitter.node(), flooder.sign(fair.versions().latestHash(), specs[i % 3])).state());
        }
    }

    private static void drain() {
        while (model.judging().judgeNext().isPresent()) {
            // so other tests see a quiet queue
        }
    }

    @Test
    public void theProofReproducesAndAnAlteredClaimDoesNot() {
        ImprovementProof proof = model.proofs().all().get(0);
        VerificationResult result = reproducer.reproduce(proof, ParentVersion.genesis(), Duration.ofSeconds(60));
        assertTrue(result.reason(), result.valid());

        TaskScore claimed = proof.scores().get(0);
        ImprovementProof inflated = new ImprovementProof(proof.versionHash(), proof.parentVersionHash(),
                proof.specification(), List.of(new TaskScore(claimed.task(), claimed.taskVersion(), claimed.dataHash(),
                        claimed.baselinePpm(), claimed.candidatePpm() + 1)), proof.contributor(), proof.acceptedAtMillis(),
                proof.predictionFingerprint(), proof.candidate(), proof.contributorKey(), proof.contributorSignature());
        assertFalse(reproducer.reproduce(inflated, ParentVersion.genesis(), Duration.ofSeconds(60)).valid());

        // another contributor with alice's signature: the key is not theirs
        ImprovementProof otherContributor = new ImprovementProof(proof.versionHash(), proof.parentVersionHash(),
                proof.specification(), proof.scores(), MALLORY.address(), proof.acceptedAtMillis(),
                proof.predictionFingerprint(), proof.candidate(), proof.contributorKey(), proof.contributorSignature());
        VerificationResult stolen = reproducer.reproduce(otherContributor, ParentVersion.genesis(), Duration.ofSeconds(60));
        assertFalse(stolen.valid());
        assertTrue(stolen.reason(), stolen.reason().contains("signature"));

        // signed properly by mallory, the version hash still names alice
        ContributorSignature mallorys = MALLORY.signature(proof.parentVersionHash(), proof.candidate());
        VerificationResult resigned = reproducer.reproduce(new ImprovementProof(proof.versionHash(), proof.parentVersionHash(),
                proof.specification(), proof.scores(), MALLORY.address(), proof.acceptedAtMillis(),
                proof.predictionFingerprint(), proof.candidate(), mallorys.publicKey(), mallorys.signature()),
                ParentVersion.genesis(), Duration.ofSeconds(60));
        assertFalse(resigned.valid());
        assertTrue(resigned.reason(), resigned.reason().contains("hashes to"));

        // a fingerprint that is not the predictions'
        VerificationResult otherPredictions = reproducer.reproduce(new ImprovementProof(proof.versionHash(),
                proof.parentVersionHash(), proof.specification(), proof.scores(), proof.contributor(), proof.acceptedAtMillis(),
                "0".repeat(64), proof.candidate(), proof.contributorKey(), proof.contributorSignature()),
                ParentVersion.genesis(), Duration.ofSeconds(60));
        assertFalse(otherPredictions.valid());
        assertTrue(otherPredictions.reason(), otherPredictions.reason().contains("fingerprint"));

        // alice's signature of another candidate than the version's pipelines
        ContributorSignature other = ALICE.signature(proof.parentVersionHash(), LOGISTIC);
        VerificationResult notSigned = reproducer.reproduce(new ImprovementProof(proof.versionHash(),
                proof.parentVersionHash(), proof.specification(), proof.scores(), proof.contributor(), proof.acceptedAtMillis(),
                proof.predictionFingerprint(), LOGISTIC, other.publicKey(), other.signature()),
                ParentVersion.genesis(), Duration.ofSeconds(60));
        assertFalse(notSigned.valid());
        assertTrue(notSigned.reason(), notSigned.reason().contains("is not what the contributor's candidate makes"));
    }

    /**
     * Why the chain's state must guard: a version made again for another contributor, hashed and
     * signed properly, reproduces like the original, so the verifier confirms it. The chain refuses
     * it because its parent already has a rewarded child (chain: ProofAttacksTest and the vectors).
     */
    @Test
    public void aVersionRemadeForAnotherContributorReproducesSoOnlyTheChainCanRefuseIt() {
        ModelVersion original = model.versions().all().get(0);
        String hash = VersionHashing.hash(original.parentHash(), original.tasks(), MALLORY.address(),
                original.acceptedAtMillis() + 1, original.predictionFingerprint());
        ModelVersion remade = new ModelVersion(original.sequence(), original.parentHash(), original.tasks(),
                MALLORY.address(), original.acceptedAtMillis() + 1, original.predictionFingerprint(), hash, "", "",
                original.candidate(), MALLORY.signature(original.parentHash(), original.candidate()));
        VerificationResult result = reproducer.reproduce(new ProofFormat().proofOf(remade), ParentVersion.genesis(),
                Duration.ofSeconds(60));
        assertTrue(result.reason(), result.valid());
    }

    @Test
    public void verifyNamesTheFirstBrokenLinkWhenAByteChanges() {
        var versions = store.namespace(VersionChain.VERSIONS, Codecs.LONG, Codecs.BYTES);
        byte[] original = versions.get(1L).orElseThrow();
        try {
            byte[] tampered = new String(original, StandardCharsets.UTF_8).replace(ALICE.address(), BOB.address())
                    .getBytes(StandardCharsets.UTF_8);
            versions.put(1L, tampered);
            ChainCheck check = model.versions().verify();
            assertFalse(check.intact());
            assertEquals(1, check.brokenAt());
            assertTrue(check.problem(), check.problem().contains("does not match its hash"));
        } finally {
            versions.put(1L, original);
        }
        assertTrue(model.versions().verify().intact());

        var models = store.namespace(VersionChain.MODELS, Codecs.STRING, Codecs.BYTES);
        String modelHash = model.versions().all().get(0).tasks().get(0).modelHash();
        byte[] bytes = models.get(modelHash).orElseThrow();
        try {
            byte[] flipped = bytes.clone();
            flipped[flipped.length / 2] ^= 1;
            models.put(modelHash, flipped);
            ChainCheck check = model.versions().verify();
            assertEquals(1, check.brokenAt());
            assertTrue(check.problem(), check.problem().contains("model of mathematics.product-relation"));
        } finally {
            models.put(modelHash, bytes);
        }
    }

    private static void assertRefused(Runnable submission, String code) {
        try {
            submission.run();
            fail("accepted");
        } catch (SpecRejectedException e) {
            assertEquals(e.getMessage(), code, e.code());
        }
    }
}
