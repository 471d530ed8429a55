package org.qenex.ai.internal.node;

import java.time.Duration;

/**
 * @param cpuBudget CPU time one candidate may use for training and scoring, over all its tasks
 * @param maxQueued how many candidates may wait at once
 * @param submissionsPerHour how many candidates may name one contributor in any hour
 * @param submissionsPerUserPerHour how many candidates one authenticated user may submit in any hour
 * @param maxQueuedPerUser how many candidates of one authenticated user may wait at once
 */
public record ModelLimits(Duration cpuBudget, int maxQueued, int submissionsPerHour, int submissionsPerUserPerHour,
        int maxQueuedPerUser) {

    /** The defaults of {@link AiConfiguration} with another CPU budget: for tests and tools. */
    public static ModelLimits withBudget(Duration cpuBudget) {
        return new ModelLimits(cpuBudget, 50, 20, 20, 10);
    }
}
