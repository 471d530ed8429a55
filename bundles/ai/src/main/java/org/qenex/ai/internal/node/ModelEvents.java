package org.qenex.ai.internal.node;

import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.version.ModelVersion;

/** What the cumulative model tells the rest of the node as it happens ({@link CumulativeModel#publishTo}). */
public interface ModelEvents {

    /** A candidate was stored in a (possibly) new state: queued, training, accepted, rejected. */
    void candidateChanged(CandidateRecord record);

    /** A version was appended to the model's chain (the candidate's acceptance follows). */
    void versionAccepted(ModelVersion version);
}
