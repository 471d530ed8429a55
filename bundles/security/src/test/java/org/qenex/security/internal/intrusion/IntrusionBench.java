package org.qenex.security.internal.intrusion;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import org.qenex.api.health.IncidentLog;
import org.qenex.security.internal.audit.AuditTrail;
import org.qenex.security.internal.audit.AuditTrails;

/** Lets the benchmark package build what the component would, with its own clock and sinks. */
public final class IntrusionBench {

    private IntrusionBench() {
    }

    public static IntrusionDetector detector(Map<String, Object> overrides, Clock clock, AuditTrail audit,
            Executor reporter, IncidentLog incidents) {
        IntrusionDetector detector = new IntrusionDetector(TestConfigs.intrusion(new HashMap<>(overrides)), clock, audit,
                reporter, null);
        detector.setIncidentLog(incidents);
        return detector;
    }

    public static AuditTrail fileAuditTrail(Path dir) throws IOException {
        return AuditTrails.file(dir);
    }

    public static void stop(IntrusionDetector detector) {
        detector.deactivate();
    }
}
