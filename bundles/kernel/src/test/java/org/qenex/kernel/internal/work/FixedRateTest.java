package org.qenex.kernel.internal.work;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The fixed-rate arithmetic, on a clock the test chooses: runs planned at 1000 + k * 100. */
public class FixedRateTest {

    private static final long PLANNED = 1_000;
    private static final long PERIOD = 100;

    @Test
    public void aRunThatEndsInTimeIsFollowedAtTheNextPlannedTime() {
        assertEquals(70, FixedRate.delayNanos(PLANNED, PERIOD, 1_030));
        assertEquals("a run that took no time", 100, FixedRate.delayNanos(PLANNED, PERIOD, 1_000));
    }

    @Test
    public void aRunThatEndsExactlyAtTheNextPlannedTimeIsFollowedAtOnce() {
        assertEquals(0, FixedRate.delayNanos(PLANNED, PERIOD, 1_100));
    }

    @Test
    public void timesMissedWhileARunOverranAreSkippedNotMadeUp() {
        // Ended at 1250: the times 1100 and 1200 have passed; the next is 1300, not 1100 at once and 1200 after it.
        assertEquals(50, FixedRate.delayNanos(PLANNED, PERIOD, 1_250));
        assertEquals(0, FixedRate.delayNanos(PLANNED, PERIOD, 1_300));
        assertEquals("eleven periods late", 99, FixedRate.delayNanos(PLANNED, PERIOD, 2_101));
    }

    @Test
    public void aRunThatStartedEarlyKeepsThePhase() {
        // A run whose planned time lies ahead of its end (the timer fired early) still waits for the next planned time.
        assertEquals(150, FixedRate.delayNanos(PLANNED, PERIOD, 950));
    }
}
