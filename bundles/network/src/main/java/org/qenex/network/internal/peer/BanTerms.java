package org.qenex.network.internal.peer;

import java.time.Duration;

/**
 * What a ban an operator asks for may say: how long (a minute to a year) and why (one line of at
 * most {@value #MAX_REASON} characters, counted in code points, control characters replaced), the same for the shell, REST
 * and the {@code PeerNetwork} service. The reason goes into the log and the ban list as given.
 */
public final class BanTerms {

    public static final long MAX_MINUTES = 366L * 24 * 60;
    static final Duration MAX_DURATION = Duration.ofMinutes(MAX_MINUTES);
    static final int MAX_REASON = 200;

    private BanTerms() {
    }

    /** @throws IllegalArgumentException outside 1 to {@value #MAX_MINUTES} minutes */
    public static Duration minutes(long minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("a ban lasts from 1 to " + MAX_MINUTES + " minutes (a year), not " + minutes);
        }
        return Duration.ofMinutes(minutes);
    }

    /** @throws IllegalArgumentException for none, a negative or zero one, or one longer than a year */
    static Duration checked(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a ban lasts a positive duration of at most a year");
        }
        return duration;
    }

    /** The reason as one printable line of at most {@value #MAX_REASON} characters; {@code fallback} for none. */
    static String reason(String given, String fallback) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        StringBuilder line = new StringBuilder(Math.min(given.length(), MAX_REASON));
        given.codePoints().limit(MAX_REASON).forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return line.toString().strip();
    }
}
