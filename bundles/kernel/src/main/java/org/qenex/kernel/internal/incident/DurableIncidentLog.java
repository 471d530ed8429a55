package org.qenex.kernel.internal.incident;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.kernel.internal.DataLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link IncidentLog}: a durable journal, a log line and an event per incident.
 */
@Component(name = "org.qenex.kernel.incidents", service = IncidentLog.class, configurationPid = "org.qenex.kernel.incidents")
@Designate(ocd = IncidentLogConfiguration.class)
public final class DurableIncidentLog implements IncidentLog {

    private static final Logger LOG = LoggerFactory.getLogger(DurableIncidentLog.class);

    /** Optional: incidents are still recorded while EventAdmin is missing or restarting. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final IncidentJournal journal;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public DurableIncidentLog(IncidentLogConfiguration config, BundleContext context) throws IOException {
        this.journal = IncidentJournal.open(
                DataLocation.of(context).kernelDir().resolve("incidents.jsonl"),
                Math.max(10, config.retained()));
    }

    @Deactivate
    void deactivate() throws IOException {
        journal.close();
    }

    @Override
    public Incident report(String part, HealthStatus severity, String cause, String action, String outcome) {
        Incident incident;
        try {
            incident = journal.append(clock.instant(), part, severity, cause, action, outcome);
        } catch (UndurableIncidentException e) {
            // A full disk must not stop supervision: the incident stays in memory and the log says why it is not durable.
            LOG.warn("Incident about {} could not be written to disk: {}", part, e.getCause().toString());
            incident = e.incident();
        } catch (IOException e) {
            throw new IllegalStateException("The incident log is closed", e);
        }
        logLine(incident);
        publish(incident);
        return incident;
    }

    @Override
    public List<Incident> recent(int limit) {
        return journal.recent(Math.max(0, limit));
    }

    @Override
    public List<Incident> recent(String part, int limit) {
        return journal.recent(part, Math.max(0, limit));
    }

    private static void logLine(Incident incident) {
        // Never ERROR: the node handles these itself, and an ERROR in the log means something it cannot handle.
        if (incident.severity() == HealthStatus.UP) {
            LOG.info("Incident #{} {} {}: {} | action: {} | outcome: {}", incident.sequence(), incident.part(),
                    incident.severity(), incident.cause(), incident.action(), incident.outcome());
        } else {
            LOG.warn("Incident #{} {} {}: {} | action: {} | outcome: {}", incident.sequence(), incident.part(),
                    incident.severity(), incident.cause(), incident.action(), incident.outcome());
        }
    }

    private void publish(Incident incident) {
        EventAdmin events = eventAdmin;
        if (events == null) {
            return;
        }
        events.postEvent(new Event(QenexTopics.INCIDENT, Map.of(
                QenexTopics.SEQUENCE, incident.sequence(),
                QenexTopics.TIME, incident.time().toEpochMilli(),
                QenexTopics.PART, incident.part(),
                QenexTopics.SEVERITY, incident.severity().name(),
                QenexTopics.CAUSE, incident.cause(),
                QenexTopics.ACTION, incident.action(),
                QenexTopics.OUTCOME, incident.outcome())));
    }
}
