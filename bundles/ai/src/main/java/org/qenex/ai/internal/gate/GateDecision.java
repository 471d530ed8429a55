package org.qenex.ai.internal.gate;

import java.util.List;

/**
 * Whether a candidate may become the next version, why, and the per-task findings. The reason
 * names tasks but no held-out score, so it can be shown to the contributor.
 */
public record GateDecision(boolean accepted, String reason, List<TaskVerdict> verdicts) {

    public GateDecision {
        verdicts = List.copyOf(verdicts);
    }
}
