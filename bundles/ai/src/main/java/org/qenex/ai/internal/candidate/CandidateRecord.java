package org.qenex.ai.internal.candidate;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.qenex.api.improvement.ContributorSignature;

/**
 * A submitted candidate and what became of it. Never holds a held-out score: what a contributor
 * may see is the state, the reason, the version it became, and its public scores as the Ladder
 * allows ({@code leaderboard}: task to shown ppm, only where it set a new best).
 *
 * <p>{@code specification} is the candidate's JSON exactly as its contributor signed it, over
 * {@code parent}, with {@code signature} ({@link SignedCandidate}). {@code submitter} is the
 * authenticated user who submitted it (never served: it is for limits and the fair queue).
 */
public record CandidateRecord(String id, String contributor, String specification, long submittedAtMillis,
        CandidateState state, String reason, Long version, Map<String, Long> leaderboard, boolean flagged, String parent,
        ContributorSignature signature, String submitter) {

    public CandidateRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contributor, "contributor");
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        leaderboard = leaderboard == null ? Map.of() : Map.copyOf(new TreeMap<>(leaderboard));
        parent = parent == null ? "" : parent;
        // records stored before submitters were kept count as one anonymous user
        submitter = submitter == null ? "" : submitter;
    }

    /** A queued candidate from {@code submitter}. */
    public static CandidateRecord queued(String id, SignedCandidate candidate, long submittedAtMillis, Submitter submitter) {
        return new CandidateRecord(id, candidate.contributor(), candidate.specification(), submittedAtMillis,
                CandidateState.QUEUED, "", null, Map.of(), false, candidate.parent(), candidate.signature(),
                submitter.user());
    }

    /** The signed candidate; empty for a record written before candidates were signed. */
    public java.util.Optional<SignedCandidate> signed() {
        return signature == null || parent.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new SignedCandidate(specification, parent, signature));
    }

    public CandidateRecord with(CandidateState newState, String newReason) {
        return new CandidateRecord(id, contributor, specification, submittedAtMillis, newState, newReason, version,
                leaderboard, flagged, parent, signature, submitter);
    }

    public CandidateRecord decided(CandidateState newState, String newReason, Long newVersion, Map<String, Long> shown,
            boolean isFlagged) {
        return new CandidateRecord(id, contributor, specification, submittedAtMillis, newState, newReason, newVersion,
                shown, isFlagged, parent, signature, submitter);
    }
}
