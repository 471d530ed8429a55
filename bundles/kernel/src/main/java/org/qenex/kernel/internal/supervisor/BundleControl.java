package org.qenex.kernel.internal.supervisor;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/** A part that is a whole bundle: restarted with stop/start, quarantined with a transient stop. */
final class BundleControl implements PartControl {

    private final Bundle bundle;

    BundleControl(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public String restart() throws BundleException {
        if (isStarted()) {
            // Transient: the bundle's persistent start setting is the operator's, not ours.
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.start(Bundle.START_TRANSIENT);
        } else {
            bundle.start();
        }
        return outcome();
    }

    @Override
    public void stop() throws BundleException {
        bundle.stop(Bundle.STOP_TRANSIENT);
    }

    @Override
    public String start() throws BundleException {
        bundle.start();
        return outcome();
    }

    @Override
    public boolean isStarted() {
        return (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
    }

    @Override
    public String outcome() {
        int state = bundle.getState();
        if (state == Bundle.ACTIVE) {
            return "active";
        }
        if (state == Bundle.STARTING) {
            return "starting";
        }
        return "still failing: bundle is " + BundleStateName.of(state);
    }

    @Override
    public boolean isWorking() {
        return isStarted();
    }
}
