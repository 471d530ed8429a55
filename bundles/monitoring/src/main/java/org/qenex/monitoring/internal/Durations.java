package org.qenex.monitoring.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them in rules and commands: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, or seconds alone. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})\\s*([smhd]?)");

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is not a whole number with an optional unit s, m, h or d
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration: write a whole number and s, m, h or d, e.g. 10m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** {@code duration} the short way: {@code 1h 5m}, {@code 30s}. */
    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds >= 3_600) {
            return seconds / 3_600 + "h " + seconds % 3_600 / 60 + "m";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }
}
