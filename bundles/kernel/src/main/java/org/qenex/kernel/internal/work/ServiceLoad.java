package org.qenex.kernel.internal.work;

import java.time.Duration;

/** The node's service load as background work sees it (see {@link ServicePressure}). */
public interface ServiceLoad {

    /** Whether background work must hold back now. */
    boolean busy();

    /** Waits while {@link #busy()}, at most {@code maxWait}; returns whether it is quiet now. */
    boolean awaitQuiet(Duration maxWait) throws InterruptedException;

    /** REST requests per second over the last sample, requests in flight, and the node JVM's CPU share. */
    String describe();
}
