package org.qenex.ai.tasks.internal;

import java.time.Clock;

/**
 * Which held-out epoch a built-in task is in: the configured epoch, plus, when {@code hours} is
 * positive, one more for every {@code hours} of UTC time since 1970-01-01T00:00Z. Every node of a
 * network with the same configuration is in the same epoch at the same moment (up to clock skew),
 * with no messages between them.
 *
 * @param base the configured epoch
 * @param hours how long an epoch lasts; 0: the epoch changes only by configuration
 */
record HeldOutEpoch(long base, long hours, Clock clock) {

    HeldOutEpoch {
        if (base < 0 || hours < 0) {
            throw new IllegalArgumentException("epoch and epoch length must not be negative");
        }
    }

    long current() {
        return hours == 0 ? base : base + clock.millis() / (hours * 3_600_000L);
    }
}
