package org.qenex.ai.internal.node;

import java.util.Map;

import org.qenex.ai.internal.eval.TaskOutcome;
import org.qenex.ai.internal.gate.GateDecision;

/**
 * What the gate made of a candidate.
 *
 * @param outcomes per task, the candidate's model and predictions (the champion's where it changed nothing)
 * @param decision the gate's decision
 * @param fingerprint the candidate's prediction fingerprint
 * @param unclassified rows (over all tasks) where the candidate gave no usable prediction
 */
public record Judgement(Map<String, TaskOutcome> outcomes, GateDecision decision, String fingerprint, int unclassified) {
}
