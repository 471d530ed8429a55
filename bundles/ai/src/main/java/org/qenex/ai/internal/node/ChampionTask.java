package org.qenex.ai.internal.node;

import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.eval.TrainedModel;
import org.qenex.ai.internal.spec.PipelineSpec;

/** The current best of one task: its pipeline, trained model, and held-out predictions (kept for the gate). */
public record ChampionTask(TaskInstances task, PipelineSpec pipeline, TrainedModel model, Predictions heldOut) {
}
