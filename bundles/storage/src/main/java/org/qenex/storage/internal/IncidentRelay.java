package org.qenex.storage.internal;

import java.util.ArrayDeque;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the store's incidents to the kernel's {@link IncidentLog} when there is one. The store
 * opens, and may detect damage, before the log is bound or while the kernel is being updated, so
 * incidents are held (the last {@value #HELD}) and delivered when a log appears.
 */
final class IncidentRelay implements IncidentSink {

    static final String PART = "bundle:org.qenex.storage";
    private static final int HELD = 100;
    private static final Logger LOG = LoggerFactory.getLogger(IncidentRelay.class);

    private record Held(HealthStatus severity, String cause, String action, String outcome) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private IncidentLog log;

    @Override
    public void report(HealthStatus severity, String cause, String action, String outcome) {
        if (severity == HealthStatus.UP) {
            LOG.info("storage: {} / {} / {}", cause, action, outcome);
        } else {
            LOG.warn("storage: {} / {} / {}", cause, action, outcome);
        }
        IncidentLog target;
        synchronized (this) {
            target = log;
            if (target == null) {
                if (held.size() == HELD) {
                    held.removeFirst();
                }
                held.addLast(new Held(severity, cause, action, outcome));
                return;
            }
        }
        deliver(target, new Held(severity, cause, action, outcome));
    }

    void bind(IncidentLog incidentLog) {
        ArrayDeque<Held> pending;
        synchronized (this) {
            log = incidentLog;
            pending = new ArrayDeque<>(held);
            held.clear();
        }
        pending.forEach(h -> deliver(incidentLog, h));
    }

    synchronized void unbind(IncidentLog incidentLog) {
        if (log == incidentLog) {
            log = null;
        }
    }

    private static void deliver(IncidentLog target, Held h) {
        try {
            target.report(PART, h.severity(), h.cause(), h.action(), h.outcome());
        } catch (RuntimeException e) {
            LOG.warn("incident log refused an incident", e);
        }
    }
}
