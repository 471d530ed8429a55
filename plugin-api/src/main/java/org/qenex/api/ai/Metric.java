package org.qenex.api.ai;

/**
 * How a task's predictions are scored. Scores are in parts per million, higher is better.
 *
 * @since 1.0.0
 */
public enum Metric {
    /**
     * The share of rows whose predicted class is the true class. A row with no prediction (a
     * learner that answers NaN or nothing) counts as wrong.
     */
    ACCURACY
}
