package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Holds the work it is given until {@link #release()}, then hands it to its target; from then on
 * work passes at once. The task catalog's arrival checks go through one: every built-in task
 * arrives with the node's start, and their checks (seconds of CPU drawing and hashing task data,
 * plus the JIT's work on that code) took a core from the start itself.
 */
final class StartHold implements Executor {

    private final Executor target;
    /** Null once released; guarded by this. */
    private List<Runnable> held = new ArrayList<>();

    StartHold(Executor target) {
        this.target = target;
    }

    @Override
    public void execute(Runnable work) {
        synchronized (this) {
            if (held != null) {
                held.add(work);
                return;
            }
        }
        target.execute(work);
    }

    /** Hands on what was held, in arrival order; later calls do nothing. */
    void release() {
        List<Runnable> released;
        synchronized (this) {
            released = held;
            held = null;
        }
        if (released != null) {
            released.forEach(target::execute);
        }
    }

    /** How many pieces of work wait for the release. */
    synchronized int holding() {
        return held == null ? 0 : held.size();
    }
}
