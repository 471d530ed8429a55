package org.qenex.ai.internal.candidate;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A submitted candidate and what became of it. Never holds a held-out score: what a contributor
 * may see is the state, the reason, the version it became, and its public scores as the Ladder
 * allows ({@code leaderboard}: task to shown ppm, only where it set a new best).
 */
public record CandidateRecord(String id, String contributor, String specification, long submittedAtMillis,
        CandidateState state, String reason, Long version, Map<String, Long> leaderboard, boolean flagged) {

    public CandidateRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contributor, "contributor");
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        leaderboard = leaderboard == null ? Map.of() : Map.copyOf(new TreeMap<>(leaderboard));
    }

    public CandidateRecord with(CandidateState newState, String newReason) {
        return new CandidateRecord(id, contributor, specification, submittedAtMillis, newState, newReason, version,
                leaderboard, flagged);
    }

    public CandidateRecord decided(CandidateState newState, String newReason, Long newVersion, Map<String, Long> shown,
            boolean isFlagged) {
        return new CandidateRecord(id, contributor, specification, submittedAtMillis, newState, newReason, newVersion,
                shown, isFlagged);
    }
}
