package org.qenex.storage.internal;

import java.util.ArrayDeque;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;

/**
 * Forwards the store's incidents to the kernel's {@link IncidentLog} when there is one. The store
 * opens, and may detect damage, before the log is bound or while the kernel is being updated, so
 * incidents are held (the last {@value #HELD}) and delivered when a log appears.
 */
final class IncidentRelay implements IncidentSink {

    static final String PART = "bundle:org.qenex.storage";
    private static final int HELD = 100;
    private static final System.Logger LOG = System.getLogger(IncidentRelay.class.getName());

    private record Held(HealthStatus severity, String cause, String action, String outcome) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private IncidentLog log;

    @Override
    public void report(HealthStatus severity, String cause, String action, String outcome) {
        LOG.log(severity == HealthStatus.UP ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "storage: " + cause + " / " + action + " / " + outcome);
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
            LOG.log(System.Logger.Level.WARNING, "incident log refused an incident", e);
        }
    }
}
