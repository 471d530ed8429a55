package org.qenex.kernel.internal.resources;

/**
 * Turns a per-sample "under pressure?" into one warning and one recovery: raised on the first
 * sample under pressure, cleared only after {@code clearAfter} samples in a row without, so a
 * figure hovering at its threshold does not flood the incident log.
 */
final class PressureAlarm {

    enum Change { NONE, RAISED, CLEARED }

    private final int clearAfter;
    private boolean raised;
    private int calmSamples;

    PressureAlarm(int clearAfter) {
        this.clearAfter = Math.max(1, clearAfter);
    }

    Change update(boolean underPressure) {
        if (underPressure) {
            calmSamples = 0;
            if (raised) {
                return Change.NONE;
            }
            raised = true;
            return Change.RAISED;
        }
        if (!raised || ++calmSamples < clearAfter) {
            return Change.NONE;
        }
        raised = false;
        calmSamples = 0;
        return Change.CLEARED;
    }

    boolean isRaised() {
        return raised;
    }
}
