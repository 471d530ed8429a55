package org.qenex.kernel.internal.supervisor;

import java.time.Instant;

/**
 * A quarantined part and what must be started again to heal it.
 *
 * @param part the part's name, for example {@code component:org.qenex.storage.Store}
 * @param reason why it was quarantined
 * @param since when
 * @param bundle symbolic name of the bundle to start, or whose component to enable
 * @param component the component to enable, or {@code null} if the part is the bundle itself
 * @param critical whether the part was critical; kept so that a quarantined non-critical check, whose
 *        component is stopped and so no longer registers it, still leaves the node only DEGRADED after a restart
 */
public record QuarantineEntry(String part, String reason, Instant since, String bundle, String component,
        boolean critical) {
}
