package org.qenex.ai.internal.node;

import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;

/** The node's cumulative model as a service: the model itself, and submission that schedules judging. */
public interface ModelNode {

    CumulativeModel model();

    /** Validates and queues a signed candidate from {@code submitter}, and makes sure it will be judged soon. */
    CandidateRecord submit(Submitter submitter, SignedCandidate candidate);

    /** The ladder's step (eta) in ppm, for rounding public scores. */
    long publicStepPpm();
}
