package org.qenex.monitoring.internal.collect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The supervised parts' health and the incident count. Checks come and go with their bundles, so
 * they are dynamic references (set by methods, not the constructor); the incident log is optional
 * so that the node's health still shows while the kernel restarts.
 */
@Component(service = MultiCollector.class)
public final class HealthCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCollector.class);

    private final Map<ServiceReference<HealthCheck>, NamedCheck> checks = new ConcurrentHashMap<>();
    private volatile IncidentLog incidents;

    /** A check, the name operators know it by, and whether its DOWN takes the node down. */
    record NamedCheck(String name, boolean critical, HealthCheck check) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(ServiceReference<HealthCheck> reference, HealthCheck check) {
        Object name = reference.getProperty(HealthCheck.NAME);
        Object critical = reference.getProperty(HealthCheck.CRITICAL);
        // HealthCheck.CRITICAL: only false, as a Boolean or a string, makes a check non-critical.
        checks.put(reference, new NamedCheck(name instanceof String s && !s.isBlank() ? s
                : reference.getBundle().getSymbolicName(), !"false".equalsIgnoreCase(String.valueOf(critical)), check));
    }

    void removeCheck(ServiceReference<HealthCheck> reference) {
        checks.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setIncidents(IncidentLog log) {
        incidents = log;
    }

    void unsetIncidents(IncidentLog log) {
        if (incidents == log) {
            incidents = null;
        }
    }

    @Override
    public MetricSnapshots collect() {
        return collect(family -> true);
    }

    /**
     * Only the families asked for: running every health check and reading the recent incidents is
     * work an alert rule that reads neither (the alert engine asks every 10 s) should not cause.
     */
    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        List<MetricSnapshot> families = new ArrayList<>();
        if (included.test(HEALTH_STATUS) || included.test(HEALTH_COUNT)) {
            for (MetricSnapshot family : health(checks.values())) {
                if (included.test(family.getMetadata().getPrometheusName())) {
                    families.add(family);
                }
            }
        }
        IncidentLog log = incidents;
        if (log != null) {
            if (included.test(INCIDENTS)) {
                families.add(incidentCount(log));
            }
            if (included.test(QUARANTINED)) {
                families.add(quarantined(log));
            }
        }
        return new MetricSnapshots(families);
    }

    static final String HEALTH_STATUS = "qenex_health_check_status";
    static final String HEALTH_COUNT = "qenex_health_checks";
    static final String INCIDENTS = "qenex_incidents";
    static final String QUARANTINED = "qenex_parts_quarantined";

    /**
     * One series per check and status (1 for the status it reports, 0 for the others: an alert
     * rule can then say {@code qenex_health_check_status{status="DOWN"} == 1}) and a count of
     * checks per status.
     */
    static List<MetricSnapshot> health(Iterable<NamedCheck> checks) {
        Map<String, HealthStatus> byName = new TreeMap<>();
        Map<String, Boolean> criticalByName = new TreeMap<>();
        for (NamedCheck named : checks) {
            // Two services may share a name (two instances of a factory): the worse one counts.
            byName.merge(named.name(), run(named), HealthStatus::worst);
            criticalByName.merge(named.name(), named.critical(), Boolean::logicalOr);
        }
        GaugeSnapshot.Builder perCheck = GaugeSnapshot.builder().name(HEALTH_STATUS)
                .help("1 for the status a health check reports, 0 for the others, by check, status (UP, DEGRADED, DOWN)"
                        + " and whether the check is critical (its DOWN makes the node DOWN).");
        Map<HealthStatus, Integer> counts = new EnumMap<>(HealthStatus.class);
        for (HealthStatus status : HealthStatus.values()) {
            counts.put(status, 0);
        }
        byName.forEach((name, found) -> {
            counts.merge(found, 1, Integer::sum);
            for (HealthStatus status : HealthStatus.values()) {
                perCheck.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("check", name, "critical", criticalByName.get(name).toString(), "status", status.name()))
                        .value(status == found ? 1 : 0).build());
            }
        });
        Map<String, Integer> countByName = new TreeMap<>();
        counts.forEach((status, count) -> countByName.put(status.name(), count));
        return List.of(perCheck.build(), Families.gauge(HEALTH_COUNT,
                "Health checks registered, by the status they report.", null, "status", countByName));
    }

    /** What the kernel would make of the check: one that throws counts as DOWN (HealthCheck's contract). */
    private static HealthStatus run(NamedCheck named) {
        try {
            HealthResult result = named.check().check();
            return result == null ? HealthStatus.DOWN : result.status();
        } catch (RuntimeException e) {
            LOG.debug("Health check {} failed while collecting metrics", named.name(), e);
            return HealthStatus.DOWN;
        }
    }

    /** How far back the quarantine count looks: the kernel records far fewer incidents than this between two heals. */
    static final int QUARANTINE_LOOKBACK = 500;

    /**
     * Parts whose newest incident is the kernel's quarantine (action {@code quarantine}); a heal,
     * a release or the part's removal records a newer incident and ends it. The kernel exports no
     * service that lists quarantined parts, so its incident record is the one source.
     */
    static MetricSnapshot quarantined(IncidentLog log) {
        Map<String, Boolean> newestByPart = new TreeMap<>();
        for (Incident incident : log.recent(QUARANTINE_LOOKBACK)) {
            newestByPart.putIfAbsent(incident.part(), "quarantine".equals(incident.action()));
        }
        return Families.gauge(QUARANTINED,
                "Parts the kernel quarantined and has not healed since (their newest incident is a quarantine).", null,
                newestByPart.values().stream().filter(Boolean::booleanValue).count());
    }

    /** Sequence numbers start at 1 and are never reused, so the newest one counts every incident ever recorded. */
    static MetricSnapshot incidentCount(IncidentLog log) {
        List<Incident> newest = log.recent(1);
        return Families.counter(INCIDENTS, "Incidents the node has recorded since it was first started (survives restarts).",
                null, newest.isEmpty() ? 0 : newest.get(0).sequence());
    }
}
