package org.qenex.chain.internal.consensus;

import org.qenex.api.improvement.ImprovementProof;

/** Whether an improvement proof was verified independently (by the AI bundle's {@code ImprovementVerifier}). */
@FunctionalInterface
public interface ProofCheck {

    /** Without a verifier, nothing is verified and nothing is minted. */
    ProofCheck NONE = proof -> false;

    boolean verified(ImprovementProof proof);
}
