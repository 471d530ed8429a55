package org.qenex.ai.internal.node;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.qenex.ai.internal.spec.CandidateSpec;

/**
 * The typed specification of each waiting candidate, parsed once at intake and taken by judging.
 * The store keeps the text (what the contributor signed, byte for byte); only a candidate queued
 * before the node restarted is not here, and judging parses its text once then.
 */
final class QueuedSpecs {

    private final Map<String, CandidateSpec> specs = new ConcurrentHashMap<>();

    void put(String candidateId, CandidateSpec spec) {
        specs.put(candidateId, spec);
    }

    /** The parsed specification of the candidate, removed: judging takes it once. */
    Optional<CandidateSpec> take(String candidateId) {
        return Optional.ofNullable(specs.remove(candidateId));
    }
}
