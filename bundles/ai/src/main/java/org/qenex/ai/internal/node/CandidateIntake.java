package org.qenex.ai.internal.node;

import java.time.Clock;
import java.util.regex.Pattern;

import org.qenex.ai.internal.candidate.CandidateBook;
import org.qenex.ai.internal.candidate.CandidateQueue;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.SpecRejectedException;

/**
 * Takes a signed candidate in: checks the contributor, parses and checks the specification once
 * ({@link SpecValidator}, the typed value goes to judging through {@link QueuedSpecs}), checks
 * the contributor's signature and that it is signed for the latest version, applies the limits
 * ({@link CandidateQueue}) and stores it as queued. Nothing is stored when it is refused. The hourly
 * limits count the stored submissions of an earlier run too.
 */
public final class CandidateIntake {

    /** A contributor is a chain address or a node id: short, no spaces, no markup. */
    public static final Pattern CONTRIBUTOR = Pattern.compile("[A-Za-z0-9:_.-]{1,128}");

    private final CandidateBook candidates;
    private final CandidateQueue queue;
    private final SpecValidator specs;
    private final QueuedSpecs parsed;
    private final ModelVersions versions;
    private final Clock clock;
    private final Object admission = new Object();
    private boolean limitsRestored;

    CandidateIntake(CandidateBook candidates, CandidateQueue queue, SpecValidator specs, QueuedSpecs parsed,
            ModelVersions versions, Clock clock) {
        this.candidates = candidates;
        this.queue = queue;
        this.specs = specs;
        this.parsed = parsed;
        this.versions = versions;
        this.clock = clock;
    }

    /**
     * Validates and queues a candidate its contributor signed.
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
        CandidateSpec spec = specs.parse(candidate.specification());
        // checked here as the chain will: a version whose proof the chain refuses would stop every later one being minted
        if (!candidate.verifies()) {
            throw new SpecRejectedException(SpecRejectedException.BAD_CONTRIBUTOR_SIGNATURE, "the signature does not verify:"
                    + " it must be the contributor's Ed25519 signature of the candidate statement on parent "
                    + candidate.parent() + ", by a key whose address is " + contributor + " (docs/chain-format.md)");
        }
        String latest = versions.latestHash();
        if (!latest.equals(candidate.parent())) {
            throw new SpecRejectedException(SpecRejectedException.STALE_PARENT, "the candidate is signed for version "
                    + candidate.parent() + ", the latest version is " + latest + ": sign it for that one");
        }
        synchronized (admission) {
            if (!limitsRestored) {
                // read at the first submission, not at start: a start reads no candidate
                queue.remember(candidates.all(), clock.millis());
                limitsRestored = true;
            }
            queue.admit(submitter, contributor, candidates.waiting(), clock.millis());
            CandidateRecord record = CandidateRecord.queued(candidates.nextId(), candidate, clock.millis(), submitter);
            parsed.put(record.id(), spec);
            candidates.put(record);
            return record;
        }
    }
}
