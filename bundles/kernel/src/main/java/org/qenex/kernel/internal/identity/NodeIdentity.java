package org.qenex.kernel.internal.identity;

import java.time.Duration;
import java.time.Instant;

/** Who this node is and how long it has been running. */
public interface NodeIdentity {

    /** Generated once, kept across restarts, for example {@code qx-3f9a0c12be47}. */
    String nodeId();

    /** The kernel bundle's version. */
    String version();

    /** When the node's JVM started. */
    Instant startedAt();

    Duration uptime();
}
