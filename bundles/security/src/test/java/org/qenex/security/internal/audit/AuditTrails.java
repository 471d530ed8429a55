package org.qenex.security.internal.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** The file audit trail as the component builds it (sync every 200 ms), for tests and benchmarks. */
public final class AuditTrails {

    private AuditTrails() {
    }

    public static AuditTrail file(Path dir) throws IOException {
        return new FileAuditTrail(dir, Clock.systemUTC(), 200);
    }
}
