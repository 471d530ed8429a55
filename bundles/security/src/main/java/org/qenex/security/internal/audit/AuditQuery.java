package org.qenex.security.internal.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which records a search returns: all of its conditions must hold.
 *
 * @param actor only this actor (exact), or null for any
 * @param since only records at or after this time, or null
 * @param text only records whose line contains this text (case-insensitive), or null
 * @param limit at most this many, the newest of those that match
 */
public record AuditQuery(String actor, Instant since, String text, int limit) {

    public static final int MAX_LIMIT = 10_000;
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        actor = actor == null || actor.isBlank() ? null : actor;
        text = text == null || text.isEmpty() ? null : text.toLowerCase(Locale.ROOT);
    }

    /**
     * A time given as an age ({@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}) or an ISO-8601
     * instant ({@code 2026-12-05T15:00:00Z}); null or empty means no bound.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static Instant since(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        Matcher age = AGE.matcher(t);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            long seconds = switch (age.group(2)) {
                case "s" -> amount;
                case "m" -> amount * 60;
                case "h" -> amount * 3600;
                default -> amount * 86_400;
            };
            return now.minusSeconds(seconds);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an age like 10m, 2h, 7d or an ISO-8601 time like 2026-12-05T15:00:00Z, was " + t);
        }
    }

    boolean matches(AuditRecord record) {
        return (actor == null || actor.equals(record.entry().actor()))
                && (since == null || !record.time().isBefore(since))
                && (text == null || record.line().toLowerCase(Locale.ROOT).contains(text));
    }
}
