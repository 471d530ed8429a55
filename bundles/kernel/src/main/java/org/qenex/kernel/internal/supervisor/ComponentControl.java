package org.qenex.kernel.internal.supervisor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Promise;

/** A part that is a DS component: restarted by disabling and enabling it through SCR. */
final class ComponentControl implements PartControl {

    private final ServiceComponentRuntime scr;
    private final ComponentDescriptionDTO description;
    private final long timeoutMillis;

    ComponentControl(ServiceComponentRuntime scr, ComponentDescriptionDTO description, long timeoutMillis) {
        this.scr = scr;
        this.description = description;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Disables, then enables. A disable that outlasts the timeout still gets its enable: SCR runs a
     * component's actions in order, so the enable waits behind the slow disable instead of the
     * component staying disabled for good (nothing else would enable it again: a disabled
     * component registers no health check to fail).
     */
    @Override
    public String restart() throws Exception {
        try {
            stop();
        } catch (TimeoutException slow) {
            scr.enableComponent(description);
            return "slow: " + slow.getMessage() + "; enabling it is queued behind the disable";
        }
        return start();
    }

    @Override
    public void stop() throws Exception {
        await(scr.disableComponent(description), "disabling");
    }

    @Override
    public String start() throws Exception {
        await(scr.enableComponent(description), "enabling");
        return outcome();
    }

    @Override
    public boolean isStarted() {
        return scr.isComponentEnabled(description);
    }

    @Override
    public String outcome() {
        ComponentCondition condition = ComponentCondition.of(scr, description);
        return switch (condition.state()) {
            case ACTIVE -> "active";
            case SATISFIED -> "satisfied";
            case FAILED_ACTIVATION -> "still failing: " + condition.detail();
            default -> condition.detail();
        };
    }

    @Override
    public boolean isWorking() {
        ComponentCondition.State state = ComponentCondition.of(scr, description).state();
        return state == ComponentCondition.State.ACTIVE || state == ComponentCondition.State.SATISFIED;
    }

    boolean activationFailed() {
        return ComponentCondition.of(scr, description).state() == ComponentCondition.State.FAILED_ACTIVATION;
    }

    /** SCR works asynchronously; a wedged component must not stall the supervisor forever. */
    private void await(Promise<Void> promise, String what) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        promise.onResolve(done::countDown);
        if (!done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(what + " " + description.name + " did not finish within " + timeoutMillis + " ms");
        }
        Throwable failure = promise.getFailure();
        if (failure != null) {
            throw new IllegalStateException(what + " " + description.name + " failed: " + failure, failure);
        }
    }
}
