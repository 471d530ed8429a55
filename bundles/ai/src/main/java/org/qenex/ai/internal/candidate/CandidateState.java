package org.qenex.ai.internal.candidate;

/** Where a candidate is. */
public enum CandidateState {
    QUEUED, TRAINING, ACCEPTED, REJECTED
}
