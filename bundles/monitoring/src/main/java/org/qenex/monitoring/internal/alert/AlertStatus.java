package org.qenex.monitoring.internal.alert;

import java.time.Instant;

/**
 * One rule as {@code qenex:alerts} and {@code GET /api/v1/alerts} show it.
 *
 * @param state {@code inactive}, {@code pending} or {@code firing}
 * @param since when it became pending or firing; {@code null} while inactive
 * @param value the last evaluation's value; {@code null} if it had no data (or none ran yet)
 */
public record AlertStatus(String name, String state, String severity, String condition, String summary, Double value,
        Instant since, boolean webhook) {
}
