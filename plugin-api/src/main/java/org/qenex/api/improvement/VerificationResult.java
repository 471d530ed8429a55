package org.qenex.api.improvement;

import java.util.Objects;

/**
 * Whether an {@link ImprovementProof} reproduced.
 *
 * @param valid whether every claim of the proof was re-derived exactly
 * @param reason why not, or a short confirmation; never {@code null}
 * @since 1.0.0
 */
public record VerificationResult(boolean valid, String reason) {

    public VerificationResult {
        Objects.requireNonNull(reason, "reason");
    }

    public static VerificationResult valid(String detail) {
        return new VerificationResult(true, detail);
    }

    public static VerificationResult invalid(String reason) {
        return new VerificationResult(false, reason);
    }
}
