package org.qenex.kernel.internal.work;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class AdaptiveConcurrencyTest {

    private final AdaptiveConcurrency controller = new AdaptiveConcurrency(
            new AdaptiveConcurrency.Settings(8, 0.85, 0.60, 0.85, 0.70));

    @Test
    public void startsAtMax() {
        assertEquals(8, controller.limit());
    }

    @Test
    public void cpuPressureHalvesDownToOne() {
        assertEquals(4, controller.onSample(0.95, 0.30));
        assertEquals(2, controller.onSample(0.95, 0.30));
        assertEquals(1, controller.onSample(0.95, 0.30));
        assertEquals(1, controller.onSample(0.99, 0.30));
    }

    @Test
    public void heapPressureHalvesToo() {
        assertEquals(4, controller.onSample(0.10, 0.90));
    }

    @Test
    public void recoversByOnePerCalmSampleUpToMax() {
        controller.onSample(0.95, 0.3);
        controller.onSample(0.95, 0.3);
        assertEquals(2, controller.limit());
        for (int expected = 3; expected <= 8; expected++) {
            assertEquals(expected, controller.onSample(0.20, 0.30));
        }
        assertEquals(8, controller.onSample(0.20, 0.30));
    }

    @Test
    public void betweenTheWatermarksNothingChanges() {
        controller.onSample(0.95, 0.3);
        assertEquals(4, controller.onSample(0.70, 0.30));
        assertEquals(4, controller.onSample(0.30, 0.80));
    }

    @Test
    public void unknownFiguresAreIgnored() {
        controller.onSample(0.95, -1);
        assertEquals(4, controller.limit());
        assertEquals(5, controller.onSample(-1, -1));
        assertEquals(2, controller.onSample(-1, 0.95));
    }

    @Test(expected = IllegalArgumentException.class)
    public void maxMustBePositive() {
        new AdaptiveConcurrency.Settings(0, 0.85, 0.6, 0.85, 0.7);
    }
}
