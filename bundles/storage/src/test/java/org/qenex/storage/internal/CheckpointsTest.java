package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class CheckpointsTest {

    private static final long RECORDS = 20_000;
    private static final long PERIOD = TimeUnit.SECONDS.toNanos(5);
    private static final long QUIET = PERIOD * Checkpoints.QUIET_PERIODS;

    @Test
    public void aQuietStoreIsCheckpointedOncePerQuietInterval() {
        // an idle validator: a few records per 5 s block
        assertFalse(Checkpoints.periodicDue(3, RECORDS, PERIOD, QUIET));
        assertFalse(Checkpoints.periodicDue(30, RECORDS, QUIET - 1, QUIET));
        assertTrue(Checkpoints.periodicDue(30, RECORDS, QUIET, QUIET));
    }

    @Test
    public void aBusyStoreIsCheckpointedEveryPeriodAsBefore() {
        assertEquals(1_000, RECORDS / Checkpoints.QUIET_SHARE);
        assertTrue(Checkpoints.periodicDue(1_000, RECORDS, PERIOD, QUIET));
        assertFalse(Checkpoints.periodicDue(999, RECORDS, PERIOD, QUIET));
    }

    @Test
    public void aQuietMinuteIsAtMostTwelvePeriodsOfFiveSeconds() {
        assertEquals(TimeUnit.SECONDS.toNanos(60), QUIET);
    }
}
