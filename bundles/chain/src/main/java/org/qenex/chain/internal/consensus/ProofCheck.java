package org.qenex.chain.internal.consensus;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.VerificationResult;

/**
 * Whether an improvement proof was verified independently (by the AI bundle's
 * {@code ImprovementVerifier}): valid, invalid (it reproduces differently: the block is invalid), or
 * undecided (this node cannot check it now: the block is deferred, not refused).
 */
@FunctionalInterface
public interface ProofCheck {

    /** Without a verifier nothing can be checked: a block carrying a mint waits, and none is produced. */
    ProofCheck NONE = proof -> VerificationResult.undecided("no improvement verifier is running on this node");

    VerificationResult check(ImprovementProof proof);
}
