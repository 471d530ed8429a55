package org.qenex.api.improvement;

import java.util.Objects;

/**
 * How one benchmark task scored before and after an improvement, on its held-out split.
 *
 * <p>Scores are integers in parts per million of the task's metric (higher is better; an
 * accuracy of 0.8734 is 873400), so that every node computes rewards from them exactly.
 *
 * @param task the task's name
 * @param taskVersion the task's version
 * @param dataHash hex SHA-256 of the task's data, so a proof names exactly what it was scored on
 * @param baselinePpm the score of the version the candidate improves on
 * @param candidatePpm the score of the accepted candidate
 * @since 1.0.0
 */
public record TaskScore(String task, String taskVersion, String dataHash, long baselinePpm, long candidatePpm) {

    public TaskScore {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(taskVersion, "taskVersion");
        Objects.requireNonNull(dataHash, "dataHash");
        if (baselinePpm < 0 || baselinePpm > 1_000_000 || candidatePpm < 0 || candidatePpm > 1_000_000) {
            throw new IllegalArgumentException("scores are parts per million, between 0 and 1000000");
        }
    }

    /** The change, in parts per million; negative for a regression. */
    public long gainPpm() {
        return candidatePpm - baselinePpm;
    }
}
