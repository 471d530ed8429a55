package org.qenex.ai.internal.eval;

import org.qenex.ai.internal.spec.PipelineSpec;

/** One task of one evaluated pipeline: the model trained and its predictions on the public and held-out rows. */
public record TaskOutcome(TaskInstances task, PipelineSpec pipeline, TrainedModel model, Predictions publicPredictions,
        Predictions heldOutPredictions) {
}
