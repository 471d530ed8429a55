package org.qenex.ai.internal.node;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.qenex.ai.internal.candidate.CandidateBook;
import org.qenex.ai.internal.candidate.CandidateQueue;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the waiting candidates one at a time, in the queue's fair order: against the current
 * champion ({@link CandidateJudge}, the gate), records public scores on the leaderboards, and hands
 * an accepted one to {@link VersionWriter}. One at a time, so the earliest of two equal
 * submissions is the one that becomes a version.
 */
public final class CandidateJudging {

    /** The whole answer a refused candidate gets about the held-out rows. */
    public static final String NOT_ACCEPTED = "not accepted";

    /** The reason code of a candidate that was being judged when the node died. */
    public static final String INTERRUPTED = "judging_interrupted";

    private static final Logger LOG = LoggerFactory.getLogger(CandidateJudging.class);

    private final CandidateBook candidates;
    private final CandidateQueue queue;
    private final QueuedSpecs parsed;
    private final SpecValidator specs;
    private final Champions champions;
    private final CandidateJudge judge;
    private final NodeHistory history;
    private final Leaderboards leaderboards;
    private final VersionChain chain;
    private final VersionWriter writer;
    private final Clock clock;
    private final Duration budget;
    private final Object judging = new Object();

    CandidateJudging(CandidateBook candidates, CandidateQueue queue, QueuedSpecs parsed, SpecValidator specs,
            Champions champions, CandidateJudge judge, NodeHistory history, Leaderboards leaderboards, VersionChain chain,
            VersionWriter writer, Clock clock, Duration budget) {
        this.candidates = candidates;
        this.queue = queue;
        this.parsed = parsed;
        this.specs = specs;
        this.champions = champions;
        this.judge = judge;
        this.history = history;
        this.leaderboards = leaderboards;
        this.chain = chain;
        this.writer = writer;
        this.clock = clock;
        this.budget = budget;
        refuseInterrupted();
    }

    /**
     * TRAINING is the judging marker, stored before training starts. A stop of the node puts the
     * candidate back in the queue first ({@link #decide}); one still marked here was being judged
     * when the node died, and may be what killed it: refused, never judged again blindly.
     */
    private void refuseInterrupted() {
        for (CandidateRecord record : candidates.all()) {
            if (record.state() == CandidateState.TRAINING) {
                candidates.put(record.decided(CandidateState.REJECTED, INTERRUPTED + ": refused: the node stopped "
                        + "abnormally while judging this candidate, so it is not judged again; submit it again if "
                        + "the stop had another cause", null, Map.of(), false));
            }
        }
    }

    /**
     * Judges the next queued candidate, if any, and returns it as decided. The queue is fair: users
     * take turns (the one served longest ago goes first, each with its oldest candidate), so one
     * user's many submissions cannot starve the others. Among equal specifications the earliest
     * submission is always judged first, so nobody gains by copying a waiting candidate.
     */
    public Optional<CandidateRecord> judgeNext() {
        synchronized (judging) {
            Optional<CandidateRecord> next = queue.next(candidates.waiting());
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

    private CandidateRecord decide(CandidateRecord record) {
        Optional<CandidateSpec> admitted = parsed.take(record.id());
        Champion current = champions.current();
        if (record.signed().isEmpty()) {
            return rejected(record, SpecRejectedException.BAD_CONTRIBUTOR_SIGNATURE
                    + ": not signed by its contributor (queued before candidates were signed)");
        }
        if (!record.parent().equals(current.hash())) {
            // the signature names the version it improves; another candidate became the latest version meanwhile
            return rejected(record, SpecRejectedException.STALE_PARENT + ": signed for version " + record.parent()
                    + ", the latest version is now " + current.hash() + "; sign it again for that one");
        }
        CandidateSpec spec;
        try {
            // parsed at intake; only one queued before this node restarted is parsed here
            spec = admitted.orElseGet(() -> specs.parse(record.specification()));
            specs.checkTasks(spec); // a task may have gone since intake
        } catch (SpecRejectedException e) {
            return rejected(record, e.code() + ": " + e.getMessage());
        }
        Judgement judgement;
        try {
            judgement = judge.judge(current, spec, CpuBudget.open(budget), history.bestScores(current),
                    () -> history.spend(current, spec));
        } catch (CandidateRejectedException e) {
            if (CandidateRejectedException.STOPPED.equals(e.code())) {
                parsed.put(record.id(), spec);
                return record.with(CandidateState.QUEUED, "re-queued: the node stopped while judging it");
            }
            return rejected(record, e.code() + ": " + e.getMessage());
        } catch (SpecRejectedException e) {
            return rejected(record, e.code() + ": " + e.getMessage());
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
        return writer.append(current, judgement, record, flagged, shown, flag);
    }

    /** Held while a candidate is judged: whoever changes the champion's version chain takes it too. */
    Object lock() {
        return judging;
    }

    private static CandidateRecord rejected(CandidateRecord record, String reason) {
        return record.decided(CandidateState.REJECTED, reason, null, Map.of(), false);
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
}
