package org.qenex.ai.internal.node;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.qenex.ai.internal.candidate.CandidateBook;
import org.qenex.ai.internal.candidate.CandidateQueue;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.ModelSerialization;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.eval.TrainedModel;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.version.ChainCheck;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.version.VersionHashing;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's cumulative model: takes candidates (validated at once, judged later, oldest first),
 * keeps the champion, appends a signed version for each accepted candidate, and answers for its
 * versions, leaderboards and proofs. Candidates are judged one at a time ({@link #judgeNext()}),
 * so the earliest of two equal submissions is the one that becomes a version.
 */
public final class CumulativeModel {

    /** The whole answer a refused candidate gets about the held-out rows. */
    public static final String NOT_ACCEPTED = "not accepted";

    private static final Logger LOG = LoggerFactory.getLogger(CumulativeModel.class);

    /** A contributor is a chain address or a node id: short, no spaces, no markup. */
    public static final Pattern CONTRIBUTOR = Pattern.compile("[A-Za-z0-9:_.-]{1,128}");

    /** The reason code of a candidate that was being judged when the node died. */
    public static final String INTERRUPTED = "judging_interrupted";

    private final TaskCatalog catalog;
    private final PipelineEvaluator evaluator;
    private final PipelineFactory factory;
    private final CandidateJudge judge;
    private final VersionChain chain;
    private final CandidateBook candidates;
    private final Leaderboards leaderboards;
    private final Store store;
    private final NodeKey key;
    private final Clock clock;
    private final Duration budget;
    private final NodeHistory history;
    private final SpecJson json = new SpecJson();
    private final ProofFormat proofs = new ProofFormat();
    private final Object judging = new Object();
    private final Object admission = new Object();
    private final CandidateQueue queue;
    private volatile Champion champion;

    public CumulativeModel(Store store, TaskCatalog catalog, PipelineFactory factory, PipelineEvaluator evaluator,
            ImprovementGate gate, NodeKey key, Clock clock, ModelLimits limits) {
        this.store = store;
        this.catalog = catalog;
        this.factory = factory;
        this.evaluator = evaluator;
        this.judge = new CandidateJudge(evaluator, gate);
        this.chain = new VersionChain(store);
        this.candidates = new CandidateBook(store);
        this.leaderboards = new Leaderboards(store, gate.settings().etaPpm());
        this.key = key;
        this.clock = clock;
        this.budget = limits.cpuBudget();
        this.history = new NodeHistory(chain, new GateSpending(store));
        this.queue = new CandidateQueue(limits.maxQueued(), limits.maxQueuedPerUser(), limits.submissionsPerUserPerHour(),
                limits.submissionsPerHour());
        // TRAINING is the judging marker, stored before training starts. A stop of the node puts the
        // candidate back in the queue first (decide); one still marked here was being judged when the
        // node died, and may be what killed it: refused, never judged again blindly.
        for (CandidateRecord record : candidates.all()) {
            if (record.state() == CandidateState.TRAINING) {
                candidates.put(record.decided(CandidateState.REJECTED, INTERRUPTED + ": refused: the node stopped "
                        + "abnormally while judging this candidate, so it is not judged again; submit it again if "
                        + "the stop had another cause", null, Map.of(), false));
            }
        }
    }

    /**
     * Validates and queues a candidate its contributor signed. Nothing is stored when it is refused.
     *
     * @param submitter who submits it: an authenticated user is limited per user (submissions per
     *        hour, candidates waiting) and per contributor key (submissions per hour); the node's own
     *        improver only by the queue's size
     * @throws SpecRejectedException for a malformed or disallowed specification, an unknown task, a
     *         signature that does not verify ({@code bad_contributor_signature}) or a candidate
     *         signed for another version than the latest ({@code stale_parent})
     * @throws RateLimitedException when the user, the contributor or the queue is full
     */
    public CandidateRecord submit(Submitter submitter, SignedCandidate candidate) {
        String contributor = candidate.contributor();
        if (!CONTRIBUTOR.matcher(contributor).matches()) {
            throw new SpecRejectedException(SpecRejectedException.MALFORMED,
                    "the contributor must match " + CONTRIBUTOR.pattern());
        }
        validate(candidate.specification());
        // checked here as the chain will: a version whose proof the chain refuses would stop every later one being minted
        if (!candidate.verifies()) {
            throw new SpecRejectedException(SpecRejectedException.BAD_CONTRIBUTOR_SIGNATURE, "the signature does not verify:"
                    + " it must be the contributor's Ed25519 signature of the candidate statement on parent "
                    + candidate.parent() + ", by a key whose address is " + contributor + " (docs/chain-format.md)");
        }
        String latest = latestHash();
        if (!latest.equals(candidate.parent())) {
            throw new SpecRejectedException(SpecRejectedException.STALE_PARENT, "the candidate is signed for version "
                    + candidate.parent() + ", the latest version is " + latest + ": sign it for that one");
        }
        synchronized (admission) {
            queue.admit(submitter, contributor, waiting(), clock.millis());
            CandidateRecord record = CandidateRecord.queued(candidates.nextId(), candidate, clock.millis(), submitter);
            candidates.put(record);
            return record;
        }
    }

    private List<CandidateRecord> waiting() {
        return candidates.all().stream().filter(c -> c.state() == CandidateState.QUEUED).toList();
    }

    /** Parses and checks a specification without training it: allow-list, options, task names. */
    public CandidateSpec validate(String specification) {
        CandidateSpec spec = json.parse(specification);
        for (Map.Entry<String, PipelineSpec> entry : spec.pipelines().entrySet()) {
            if (catalog.task(entry.getKey()).isEmpty()) {
                throw new SpecRejectedException(SpecRejectedException.UNKNOWN_TASK, "unknown task '" + entry.getKey()
                        + "' (tasks: " + catalog.tasks().stream().map(TaskInstances::name).toList() + ")");
            }
            factory.build(entry.getValue());
        }
        return spec;
    }

    public Optional<CandidateRecord> candidate(String id) {
        return candidates.get(id);
    }

    /** How many candidates are in each state (every state listed). */
    public Map<CandidateState, Long> candidateCounts() {
        Map<CandidateState, Long> counts = new java.util.EnumMap<>(CandidateState.class);
        for (CandidateState state : CandidateState.values()) {
            counts.put(state, 0L);
        }
        candidates.all().forEach(c -> counts.merge(c.state(), 1L, Long::sum));
        return counts;
    }

    public long queued() {
        return candidates.all().stream().filter(c -> c.state() == CandidateState.QUEUED).count();
    }

    /**
     * Judges the next queued candidate, if any, and returns it as decided. The queue is fair: users
     * take turns (the one served longest ago goes first, each with its oldest candidate), so one
     * user's many submissions cannot starve the others. Among equal specifications the earliest
     * submission is always judged first, so nobody gains by copying a waiting candidate.
     */
    public Optional<CandidateRecord> judgeNext() {
        synchronized (judging) {
            Optional<CandidateRecord> next = queue.next(waiting());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            CandidateRecord record = next.get().with(CandidateState.TRAINING, "");
            candidates.put(record);
            CandidateRecord decided = decide(record);
            candidates.put(decided);
            return Optional.of(decided);
        }
    }

    /** The hash of the latest version: what a candidate must be signed for. */
    public String latestHash() {
        return chain.latest().map(ModelVersion::hash).orElse(ModelVersion.GENESIS_PARENT);
    }

    private CandidateRecord decide(CandidateRecord record) {
        Champion current = champion();
        if (record.signed().isEmpty()) {
            return record.decided(CandidateState.REJECTED, SpecRejectedException.BAD_CONTRIBUTOR_SIGNATURE
                    + ": not signed by its contributor (queued before candidates were signed)", null, Map.of(), false);
        }
        if (!record.parent().equals(current.hash())) {
            // the signature names the version it improves; another candidate became the latest version meanwhile
            return record.decided(CandidateState.REJECTED, SpecRejectedException.STALE_PARENT + ": signed for version "
                    + record.parent() + ", the latest version is now " + current.hash() + "; sign it again for that one",
                    null, Map.of(), false);
        }
        CandidateSpec spec;
        try {
            spec = validate(record.specification());
        } catch (SpecRejectedException e) {
            return record.decided(CandidateState.REJECTED, e.code() + ": " + e.getMessage(), null, Map.of(), false);
        }
        Judgement judgement;
        try {
            judgement = judge.judge(current, spec, CpuBudget.open(budget), history.bestScores(current),
                    () -> history.spend(current, spec));
        } catch (CandidateRejectedException e) {
            if (CandidateRejectedException.STOPPED.equals(e.code())) {
                return record.with(CandidateState.QUEUED, "re-queued: the node stopped while judging it");
            }
            return record.decided(CandidateState.REJECTED, e.code() + ": " + e.getMessage(), null, Map.of(), false);
        } catch (SpecRejectedException e) {
            return record.decided(CandidateState.REJECTED, e.code() + ": " + e.getMessage(), null, Map.of(), false);
        }
        Map<String, Long> shown = new TreeMap<>();
        judgement.outcomes().forEach((task, outcome) -> {
            if (outcome.publicPredictions() != null) {
                leaderboards.submit(task, record.id(), record.contributor(), outcome.publicPredictions().accuracyPpm(),
                        clock.millis()).ifPresent(entry -> shown.put(task, entry.shownPpm()));
            }
        });
        boolean flagged = judgement.unclassified() > 0;
        Optional<ModelVersion> twin = chain.all().stream()
                .filter(v -> v.predictionFingerprint().equals(judgement.fingerprint())).findFirst();
        if (twin.isPresent() || !judgement.decision().accepted()) {
            // Why not is the held-out rows' answer: logged for the operator, never told to the contributor
            // (a task named as "may regress" is one bit about the held-out rows per task per try).
            LOG.debug("Candidate {} not accepted: {}", record.id(), twin.isPresent()
                    ? "predicts exactly as version " + twin.get().sequence() : judgement.decision().reason());
            return record.decided(CandidateState.REJECTED, NOT_ACCEPTED + publicFacts(judgement, shown), null, shown,
                    false);
        }
        String flag = flagged ? " (flagged: " + judgement.unclassified() + " rows without a prediction, counted wrong)" : "";
        ModelVersion version = append(current, judgement, record, flagged, shown);
        return record.decided(CandidateState.ACCEPTED, "version " + version.sequence() + ": "
                + judgement.decision().reason() + flag, version.sequence(), shown, flagged);
    }

    private ModelVersion append(Champion current, Judgement judgement, CandidateRecord record, boolean flagged,
            Map<String, Long> shown) {
        List<VersionTask> tasks = new ArrayList<>();
        Map<String, byte[]> newModels = new HashMap<>();
        Map<String, ChampionTask> next = new TreeMap<>();
        for (TaskOutcome outcome : judgement.outcomes().values()) {
            String name = outcome.task().name();
            ChampionTask before = current.tasks().get(name);
            tasks.add(new VersionTask(name, outcome.task().version(), outcome.task().dataHash(),
                    json.canonical(before.pipeline()), json.canonical(outcome.pipeline()), outcome.model().hash(),
                    before.heldOut().accuracyPpm(), outcome.heldOutPredictions().accuracyPpm()));
            newModels.put(outcome.model().hash(), outcome.model().bytes());
            next.put(name, new ChampionTask(outcome.task(), outcome.pipeline(), outcome.model(), outcome.heldOutPredictions()));
        }
        long at = clock.millis();
        String hash = VersionHashing.hash(current.hash(), tasks, record.contributor(), at, judgement.fingerprint());
        ModelVersion version = new ModelVersion(current.sequence() + 1, current.hash(), tasks, record.contributor(), at,
                judgement.fingerprint(), hash, key.sign(hash), key.publicKeyHex(), record.specification(), record.signature());
        CandidateRecord accepted = record.decided(CandidateState.ACCEPTED, "version " + version.sequence() + ": "
                + judgement.decision().reason(), version.sequence(), shown, flagged);
        chain.append(store.batch().put(candidates.namespace(), accepted.id(), candidates.encode(accepted)), version,
                newModels);
        champion = new Champion(Optional.of(version), next);
        return version;
    }

    /**
     * The public-split facts a refused contributor may learn: per task it changed, whether its
     * public score set a new best on the Ladder (and then the rounded score), nothing else.
     */
    private static String publicFacts(Judgement judgement, Map<String, Long> shown) {
        List<String> facts = new ArrayList<>();
        judgement.outcomes().forEach((task, outcome) -> {
            if (outcome.publicPredictions() != null) {
                Long ppm = shown.get(task);
                facts.add(task + (ppm == null ? " no new public best"
                        : String.format(Locale.ROOT, " new public best ~%.3f", ppm / 1e6)));
            }
        });
        return facts.isEmpty() ? "" : " (public split: " + String.join("; ", facts) + ")";
    }

    /** The champion, rebuilt when the tasks changed since it was made. */
    public Champion champion() {
        Champion current = champion;
        List<TaskInstances> tasks = catalog.tasks();
        if (current == null || !sameTasks(current, tasks)) {
            current = buildChampion(chain.latest(), tasks);
            champion = current;
        }
        return current;
    }

    private static boolean sameTasks(Champion champion, List<TaskInstances> tasks) {
        if (champion.tasks().size() != tasks.size()) {
            return false;
        }
        for (TaskInstances task : tasks) {
            ChampionTask held = champion.tasks().get(task.name());
            if (held == null || held.task() != task) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each current task's champion: the latest version's model when the task and its data are
     * unchanged; its pipeline retrained when the data changed (a new epoch); the majority-class
     * baseline for a task no version covers yet.
     */
    private Champion buildChampion(Optional<ModelVersion> latest, List<TaskInstances> tasks) {
        Map<String, ChampionTask> result = new TreeMap<>();
        for (TaskInstances task : tasks) {
            Optional<VersionTask> held = latest.flatMap(v -> v.task(task.name()));
            PipelineSpec pipeline = held.map(t -> json.readPipeline(t.pipeline())).orElse(PipelineSpec.BASELINE);
            TrainedModel model = null;
            if (held.isPresent() && held.get().dataHash().equals(task.dataHash())
                    && held.get().version().equals(task.version())) {
                model = chain.model(held.get().modelHash()).map(TrainedModel::new)
                        .filter(m -> m.hash().equals(held.get().modelHash())).orElse(null);
            }
            if (model == null) {
                model = evaluator.train(pipeline, task, CpuBudget.open(budget.multipliedBy(4)));
            }
            Predictions heldOut = evaluator.scoreHeldOut(model, pipeline, task);
            result.put(task.name(), new ChampionTask(task, pipeline, model, heldOut));
        }
        return new Champion(latest, result);
    }

    /** Public-split accuracy of a specification, rounded to the Ladder's step; nothing is stored. */
    public Map<String, Long> evaluatePublic(String specification, long stepPpm) {
        CandidateSpec spec = validate(specification);
        Map<String, Long> result = new TreeMap<>();
        CpuBudget cpu = CpuBudget.open(budget);
        for (Map.Entry<String, PipelineSpec> entry : spec.pipelines().entrySet()) {
            TaskInstances task = catalog.task(entry.getKey()).orElseThrow();
            long ppm = evaluator.evaluate(entry.getValue(), task, cpu).publicPredictions().accuracyPpm();
            result.put(task.name(), Math.round(ppm / (double) stepPpm) * stepPpm);
        }
        return result;
    }

    public List<ModelVersion> versions() {
        return chain.all();
    }

    /** A version by sequence number or hash. */
    public Optional<ModelVersion> version(String id) {
        if (id.matches("[0-9]{1,18}")) {
            return chain.bySequence(Long.parseLong(id));
        }
        return chain.byHash(id);
    }

    public List<LeaderboardEntry> leaderboard(String task) {
        return leaderboards.history(task);
    }

    public ChainCheck verifyChain() {
        return chain.verify(key.publicKeyHex());
    }

    /** A proof for every version, oldest first. */
    public List<ImprovementProof> acceptedProofs() {
        return chain.all().stream().map(proofs::proofOf).toList();
    }

    /** Reads a stored model back, for tools and tests. */
    public Optional<weka.classifiers.Classifier> model(String hash) {
        return chain.model(hash).map(TrainedModel::new).map(ModelSerialization::read);
    }
}
