package org.qenex.kernel.internal.resources;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CpuShareTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    public void theShareIsTheCpuTimeUsedPerElapsedTimeAndProcessor() {
        CpuShare share = new CpuShare(4);
        assertEquals("nothing to compare the first reading with", -1, share.next(10 * SECOND, SECOND), 0);
        assertEquals("two of four processors busy for a second", 0.5, share.next(12 * SECOND, SECOND), 1e-9);
        assertEquals("a quarter of a processor for two seconds", 0.0625, share.next(12 * SECOND + SECOND / 2, 2 * SECOND), 1e-9);
    }

    @Test
    public void anUnknownReadingOrNoElapsedTimeGivesNoFigureAndTheNextReadingStartsAfresh() {
        CpuShare share = new CpuShare(2);
        share.next(SECOND, SECOND);
        assertEquals(-1, share.next(-1, SECOND), 0);
        assertEquals("the unknown reading is no base", -1, share.next(3 * SECOND, SECOND), 0);
        assertEquals(-1, share.next(4 * SECOND, 0), 0);
        assertEquals("one of two processors", 0.5, share.next(5 * SECOND, SECOND), 1e-9);
    }

    @Test
    public void jitterOutsideZeroToOneIsClamped() {
        CpuShare share = new CpuShare(1);
        share.next(5 * SECOND, SECOND);
        assertEquals("more CPU than time (clocks read apart)", 1.0, share.next(7 * SECOND, SECOND), 0);
        assertEquals("a CPU clock that went back", 0.0, share.next(6 * SECOND, SECOND), 0);
    }

    @Test
    public void noProcessorsCountsAsOne() {
        CpuShare share = new CpuShare(0);
        share.next(0, SECOND);
        assertEquals(0.25, share.next(SECOND / 4, SECOND), 1e-9);
    }
}
