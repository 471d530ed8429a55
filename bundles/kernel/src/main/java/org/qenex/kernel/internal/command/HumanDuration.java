package org.qenex.kernel.internal.command;

import java.time.Duration;

/** Durations as operators read them: {@code 2d 3h 4m}, {@code 5m 6s}, {@code 7s}. */
final class HumanDuration {

    private HumanDuration() {
    }

    static String of(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }
}
