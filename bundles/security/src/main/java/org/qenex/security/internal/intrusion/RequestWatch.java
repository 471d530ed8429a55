package org.qenex.security.internal.intrusion;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.security.internal.audit.AuditConfiguration;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link RequestGuard}: refuses blocked addresses, audits every request that
 * changes (or tries to change) something or that was refused for its credentials, and hands every
 * request to intrusion detection. The requests configured as summarised (signed transfer submits)
 * are audited as one record per client, status and interval ({@link SubmitTally}).
 */
@Component(service = RequestGuard.class, configurationPid = "org.qenex.security.audit")
public final class RequestWatch implements RequestGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestWatch.class);
    private static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");

    private final AuditTrail audit;
    private final IntrusionDetector detector;
    private final Set<String> summarised;
    private final Clock clock;
    private final SubmitTally tally;
    private final ScheduledExecutorService flusher;

    @Activate
    public RequestWatch(AuditConfiguration config, @Reference AuditTrail audit, @Reference IntrusionDetector detector) {
        this(config, audit, detector, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "qenex-audit-summary");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** {@code flusher} null: summaries are written only by {@link #flushSummaries()} (tests). */
    RequestWatch(AuditConfiguration config, AuditTrail audit, IntrusionDetector detector, Clock clock,
            ScheduledExecutorService flusher) {
        this.audit = audit;
        this.detector = detector;
        this.summarised = Set.of(config.summarisedRequests());
        this.clock = clock;
        this.tally = new SubmitTally(audit, clock.instant());
        this.flusher = flusher;
        if (flusher != null) {
            long interval = Math.max(1, config.summaryIntervalSeconds());
            flusher.scheduleAtFixedRate(this::flushSummaries, interval, interval, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        // A stop or an update of the bundle loses no count; only a killed node loses its last interval.
        flushSummaries();
    }

    void flushSummaries() {
        try {
            tally.flush(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Writing the audit summaries failed", e);
        }
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
            if (isSummarised(request)) {
                tally.count(request);
            } else {
                audit.record(new AuditEntry(request.user() == null ? "anonymous" : request.user(), "rest",
                        request.address(), request.method() + " " + ApiContext.PATH + request.path(),
                        String.valueOf(request.status()),
                        "took " + request.durationNanos() / 1_000_000 + " ms, body " + request.bodyBytes() + " bytes"));
            }
        }
        detector.observe(request);
    }

    /** A configured high-volume request, unless it was refused for its credentials or role: those stay alone. */
    private boolean isSummarised(FinishedRequest request) {
        return summarised.contains(request.method() + " " + request.path()) && !request.failedLogin()
                && request.status() != 403;
    }

    /** State changes, and reads refused for the caller's credentials or role. */
    static boolean isAudited(FinishedRequest request) {
        return !READ_ONLY.contains(request.method()) || request.failedLogin() || request.status() == 403;
    }
}
