package org.qenex.monitoring.internal.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.qenex.monitoring.internal.Durations;

/**
 * A search of the recent log, validated: the input of {@code qenex:logs} and {@code GET
 * /api/v1/logs} is bounded so that no request can make the node scan or answer without end.
 *
 * @param level the least severe level wanted (ERROR shows only errors, INFO shows INFO, WARN, ERROR)
 * @param notBefore the oldest time wanted, or null for the whole ring
 * @param grep text the message, logger, request id or exception must contain (case-insensitive), or null
 * @param limit the most lines answered, the newest ones
 */
public record LogQuery(String level, Instant notBefore, String grep, int limit) {

    /** The levels, most severe first. */
    public static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_GREP = 200;
    public static final Duration MAX_SINCE = Duration.ofDays(30);

    /**
     * A query from operator input; null means the default.
     *
     * @throws IllegalArgumentException with words for the operator, naming the bound
     */
    public static LogQuery parse(String level, String since, String grep, Integer limit, Instant now) {
        String wantedLevel = level == null ? "TRACE" : level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(wantedLevel)) {
            throw new IllegalArgumentException("level must be one of " + String.join(", ", LEVELS));
        }
        Instant notBefore = null;
        if (since != null) {
            Duration back = Durations.parse(since);
            if (back.compareTo(MAX_SINCE) > 0) {
                throw new IllegalArgumentException("since must be at most 30d");
            }
            notBefore = now.minus(back);
        }
        if (grep != null && grep.length() > MAX_GREP) {
            throw new IllegalArgumentException("grep must be at most " + MAX_GREP + " characters");
        }
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("n must be from 1 to " + MAX_LIMIT);
        }
        return new LogQuery(wantedLevel, notBefore, grep == null || grep.isEmpty() ? null : grep.toLowerCase(Locale.ROOT), n);
    }

    boolean matches(LogLine line) {
        if (LEVELS.indexOf(line.level()) > LEVELS.indexOf(level)) {
            return false;
        }
        if (notBefore != null && line.time() < notBefore.toEpochMilli()) {
            return false;
        }
        return grep == null || contains(line.message()) || contains(line.logger()) || contains(line.requestId())
                || contains(line.thrown());
    }

    private boolean contains(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(grep);
    }
}
