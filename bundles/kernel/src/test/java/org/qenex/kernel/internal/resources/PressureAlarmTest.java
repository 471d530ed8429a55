package org.qenex.kernel.internal.resources;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.qenex.kernel.internal.resources.PressureAlarm.Change;

public class PressureAlarmTest {

    @Test
    public void raisesOnceAndClearsOnceAfterEnoughCalmSamples() {
        PressureAlarm alarm = new PressureAlarm(3);
        assertEquals(Change.NONE, alarm.update(false));
        assertEquals(Change.RAISED, alarm.update(true));
        assertEquals(Change.NONE, alarm.update(true));
        assertEquals(Change.NONE, alarm.update(false));
        assertEquals(Change.NONE, alarm.update(false));
        assertEquals("a relapse restarts the calm count", Change.NONE, alarm.update(true));
        assertEquals(Change.NONE, alarm.update(false));
        assertEquals(Change.NONE, alarm.update(false));
        assertEquals(Change.CLEARED, alarm.update(false));
        assertEquals(Change.NONE, alarm.update(false));
        assertEquals(Change.RAISED, alarm.update(true));
    }
}
