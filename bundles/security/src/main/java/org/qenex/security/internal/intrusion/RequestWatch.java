package org.qenex.security.internal.intrusion;

import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link RequestGuard}: refuses blocked addresses, audits every request that
 * changes (or tries to change) something or that was refused for its credentials, and hands every
 * request to intrusion detection.
 */
@Component(service = RequestGuard.class)
public final class RequestWatch implements RequestGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestWatch.class);
    private static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");

    private final AuditTrail audit;
    private final IntrusionDetector detector;

    @Activate
    public RequestWatch(@Reference AuditTrail audit, @Reference IntrusionDetector detector) {
        this.audit = audit;
        this.detector = detector;
    }

    @Override
    public boolean refuses(String address) {
        return detector.isBlocked(address);
    }

    @Override
    public void finished(FinishedRequest request) {
        try {
            watch(request);
        } catch (RuntimeException e) {
            // The answer is already out; a fault here must not turn it into an error.
            LOG.warn("Auditing or screening {} {} failed", request.method(), request.path(), e);
        }
    }

    private void watch(FinishedRequest request) {
        if (isAudited(request)) {
            audit.record(new AuditEntry(request.user() == null ? "anonymous" : request.user(), "rest", request.address(),
                    request.method() + " " + ApiContext.PATH + request.path(), String.valueOf(request.status()),
                    "took " + request.durationNanos() / 1_000_000 + " ms, body " + request.bodyBytes() + " bytes"));
        }
        detector.observe(request);
    }

    /** State changes, and reads refused for the caller's credentials or role. */
    static boolean isAudited(FinishedRequest request) {
        return !READ_ONLY.contains(request.method()) || request.failedLogin() || request.status() == 403;
    }
}
