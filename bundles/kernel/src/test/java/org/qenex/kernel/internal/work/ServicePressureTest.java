package org.qenex.kernel.internal.work;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ServicePressureTest {

    private final ServicePressure pressure = new ServicePressure(new ServicePressure.Settings(100, 16, 0.5, 2_000,
            20_000, 5_000));

    @Test
    public void busyFromAnyThresholdUntilQuietLongEnough() {
        assertFalse(pressure.onSample(0, 50, 3, 0.2));
        assertTrue("request rate", pressure.onSample(250, 1_000, 3, 0.2));
        assertTrue("still within the quiet time", pressure.onSample(2_000, 0, 0, 0.0));
        assertFalse("quiet for 2 s", pressure.onSample(2_250, 0, 0, 0.0));
        assertTrue("in flight", pressure.onSample(2_500, 0, 16, -1));
        assertTrue("node CPU", new ServicePressure(new ServicePressure.Settings(100, 16, 0.5, 2_000, 20_000, 5_000))
                .onSample(0, 0, 0, 0.6));
        assertFalse("unknown CPU is ignored", new ServicePressure(new ServicePressure.Settings(100, 16, 0.5, 2_000,
                20_000, 5_000)).onSample(0, 0, 0, -1));
    }

    @Test
    public void underSustainedLoadBackgroundWorkGetsARunWindowAfterTheLongestHold() {
        int held = 0;
        int ran = 0;
        for (long t = 0; t < 100_000; t += 250) {
            if (pressure.onSample(t, 1_000, 40, 0.9)) {
                held++;
            } else {
                ran++;
            }
        }
        // 20 s held, 5 s running, repeated: a fifth of the time, never starved, never more.
        assertTrue("ran " + ran + " of " + (held + ran), ran >= 70 && ran <= 90);
    }
}
