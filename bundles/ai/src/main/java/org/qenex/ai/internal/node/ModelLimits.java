package org.qenex.ai.internal.node;

import java.time.Duration;

/**
 * @param cpuBudget CPU time one candidate may use for training and scoring, over all its tasks
 * @param maxQueued how many candidates may wait at once
 * @param submissionsPerHour how many candidates one contributor may submit in any hour
 */
public record ModelLimits(Duration cpuBudget, int maxQueued, int submissionsPerHour) {
}
