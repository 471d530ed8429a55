package org.qenex.ai.internal.node;

import org.qenex.ai.internal.spec.CandidateSpec;

/**
 * A proof's specification, parsed once: every task's pipeline of the parent version (the
 * baseline) and of the new version (the candidate).
 */
public record ProofSpecifications(CandidateSpec baseline, CandidateSpec candidate) {
}
