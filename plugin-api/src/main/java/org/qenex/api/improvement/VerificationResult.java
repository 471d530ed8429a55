package org.qenex.api.improvement;

import java.util.Objects;

/**
 * Whether an {@link ImprovementProof} reproduced: valid, invalid, or undecided.
 *
 * <p>Only a proof that reproduces <em>differently</em> (another score, model, fingerprint or hash, a
 * signature that does not verify, a specification that does not train) is invalid: a block that
 * carries it is invalid, and so is a peer that keeps sending such blocks. A proof this node
 * <em>cannot check</em> is {@link #undecided(String) undecided}: its parent version is not known
 * here yet, the node failed or is stopping, or it lacks the task data the proof was scored on.
 * That is no verdict on the proof: the chain defers the block and asks again later, and it is never
 * remembered as a verdict.
 *
 * @param valid whether every claim of the proof was re-derived exactly
 * @param reason why not, or a short confirmation; never {@code null}
 * @param undecided whether this node could not check the proof (then {@code valid} is false)
 * @since 1.0.0; {@code undecided} since 2.2.0
 */
public record VerificationResult(boolean valid, String reason, boolean undecided) {

    public VerificationResult {
        Objects.requireNonNull(reason, "reason");
        if (valid && undecided) {
            throw new IllegalArgumentException("a valid proof was decided");
        }
    }

    /** A decided result (valid or invalid), as before 2.2.0. */
    public VerificationResult(boolean valid, String reason) {
        this(valid, reason, false);
    }

    public static VerificationResult valid(String detail) {
        return new VerificationResult(true, detail, false);
    }

    /** The proof reproduces differently from its claim: {@code reason} says where. */
    public static VerificationResult invalid(String reason) {
        return new VerificationResult(false, reason, false);
    }

    /**
     * This node cannot check the proof now ({@code reason} says why): neither valid nor invalid.
     *
     * @since 2.2.0
     */
    public static VerificationResult undecided(String reason) {
        return new VerificationResult(false, reason, true);
    }

    /**
     * Whether the proof was found not to reproduce: not valid and not undecided.
     *
     * @since 2.2.0
     */
    public boolean invalid() {
        return !valid && !undecided;
    }
}
