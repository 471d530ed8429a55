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

    /** {@code folder} keeps the blocks (and the baseline) on disk as the component does; null keeps nothing. */
    public static IntrusionDetector detector(Map<String, Object> overrides, Clock clock, AuditTrail audit,
            Executor reporter, IncidentLog incidents, Path folder) {
        IntrusionDetector detector = new IntrusionDetector(TestConfigs.intrusion(new HashMap<>(overrides)), clock, audit,
                reporter, folder);
        detector.setIncidentLog(incidents);
        return detector;
    }

    public static AuditTrail fileAuditTrail(Path dir) throws IOException {
        return AuditTrails.file(dir);
    }

    /** The gateway's request watch as the component builds it; {@code summarise} false audits every submit alone. */
    public static RequestWatch requestWatch(AuditTrail audit, IntrusionDetector detector, boolean summarise) {
        return new RequestWatch(TestConfigs.audit(summarise ? Map.of() : Map.of("summarisedRequests", new String[0])),
                audit, detector);
    }

    public static void stop(RequestWatch watch) {
        watch.deactivate();
    }

    public static void stop(IntrusionDetector detector) {
        detector.deactivate();
    }
}
