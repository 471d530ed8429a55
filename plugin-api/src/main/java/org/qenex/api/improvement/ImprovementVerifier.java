package org.qenex.api.improvement;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Re-checks an improvement proof independently: retrains the proof's specification on the named
 * task data, rescores it, and compares every hash and score with the claim. Provided by the AI
 * subsystem; the chain calls it for every proof in every block it validates and keeps no verdicts
 * of its own, so implementations must remember verdicts by {@link ImprovementProof#id()} (the one
 * verdict cache of the node).
 *
 * @since 1.0.0
 */
@ProviderType
public interface ImprovementVerifier {

    /**
     * Verifies {@code proof}; never throws for a bad proof, it answers invalid with the reason. A proof this
     * node cannot check (see {@link VerificationResult#undecided(String)}) is undecided, never invalid.
     */
    VerificationResult verify(ImprovementProof proof);
}
