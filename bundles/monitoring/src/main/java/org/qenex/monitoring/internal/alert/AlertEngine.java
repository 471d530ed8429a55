package org.qenex.monitoring.internal.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
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
import org.qenex.api.health.IncidentLog;
import org.qenex.api.node.NodeContext;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.qenex.monitoring.internal.collect.Scrape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Evaluates every configured alert rule against one scrape of the node's metrics, at a fixed
 * delay on the kernel's scheduler. A rule that starts firing records an incident (part
 * {@code alert:<name>}, action {@code alert}, outcome {@code firing}), posts
 * {@link QenexTopics#ALERT} and queues its webhook; when it stops holding (or its configuration
 * goes away) it records the incident's outcome {@code resolved} and posts and notifies again.
 * Rules are keyed by name: a second configuration with a name already in use is refused (logged).
 */
@Component(service = AlertEngine.class, configurationPid = AlertEngine.PID)
@Designate(ocd = AlertEngineConfiguration.class)
public final class AlertEngine {

    static final String PID = "org.qenex.alerts";
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final String nodeId;
    private final WebhookSender webhooks;
    private final JobHandle job;
    private final java.util.function.BooleanSupplier stopping;
    private final Map<String, RuleState> rules = new LinkedHashMap<>();
    private final Map<ConfiguredAlertRule, String> configured = new LinkedHashMap<>();
    private final List<MultiCollector> collectors = new CopyOnWriteArrayList<>();
    // Whether any rule reads a family, by Prometheus name: asked for every family at every evaluation,
    // so remembered until the rules change rather than matched (and concatenated) again. Guarded by this.
    private final Map<String, Boolean> reads = new HashMap<>();
    private final Predicate<String> readFamilies = this::anyRuleReads;
    private volatile IncidentLog incidents;
    private volatile EventAdmin events;

    @Activate
    public AlertEngine(@Reference WorkScheduler scheduler, @Reference NodeContext node, AlertEngineConfiguration config,
            BundleContext context) {
        this(scheduler, node.nodeId(), config, Clock.systemUTC(), () -> context.getBundle().getState() == Bundle.STOPPING);
    }

    /** For tests: a node that never stops. */
    public AlertEngine(WorkScheduler scheduler, NodeContext node, AlertEngineConfiguration config) {
        this(scheduler, node.nodeId(), config, Clock.systemUTC(), () -> false);
    }

    AlertEngine(WorkScheduler scheduler, String nodeId, AlertEngineConfiguration config, Clock clock,
            java.util.function.BooleanSupplier stopping) {
        this.clock = clock;
        this.stopping = stopping;
        this.nodeId = nodeId;
        this.webhooks = new WebhookSender(config.webhookQueue(), config.webhookAttempts(),
                Duration.ofMillis(config.webhookRetryMillis()));
        Duration every = Duration.ofSeconds(Math.max(1, config.evaluationSeconds()));
        this.job = scheduler.schedule("alert-evaluation", JobPriority.NORMAL, every, every, this::evaluate);
    }

    @Deactivate
    void deactivate() {
        job.cancel();
        webhooks.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addRule(ConfiguredAlertRule configuredRule) {
        AlertRule rule = configuredRule.rule();
        if (rules.containsKey(rule.name())) {
            LOG.error("Alert rule {} is configured twice; the second configuration is ignored", rule.name());
            return;
        }
        rules.put(rule.name(), new RuleState(rule));
        configured.put(configuredRule, rule.name());
        reads.clear();
        LOG.info("Alert rule {}: {}", rule.name(), rule.condition());
    }

    synchronized void removeRule(ConfiguredAlertRule configuredRule) {
        String name = configured.remove(configuredRule);
        RuleState state = name == null ? null : rules.remove(name);
        reads.clear();
        // A firing alert whose rule is gone must not stay open for ever; but when the bundle stops (the node
        // shuts down) the rules go with it, and the alert fires again at the next start if it still holds.
        if (state != null && state.stop() && !stopping.getAsBoolean()) {
            announce(state, "resolved", "its rule was removed or changed");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCollector(MultiCollector collector) {
        collectors.add(collector);
    }

    void removeCollector(MultiCollector collector) {
        collectors.remove(collector);
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEvents(EventAdmin admin) {
        events = admin;
    }

    void unsetEvents(EventAdmin admin) {
        if (events == admin) {
            events = null;
        }
    }

    /** One evaluation of every rule against one scrape. */
    synchronized void evaluate() {
        if (rules.isEmpty()) {
            return;
        }
        // Only the families the rules read: the full page would also run every health check again (the
        // supervisor ran them at most one check interval ago) and read the last incidents, every 10 s.
        MetricSnapshots scrape = Scrape.of(collectors, readFamilies);
        Instant now = clock.instant();
        for (RuleState state : rules.values()) {
            switch (state.evaluate(scrape, now)) {
                case FIRED -> announce(state, "firing", null);
                case RESOLVED -> announce(state, "resolved", null);
                default -> {
                }
            }
        }
    }

    /** Called under the engine's lock, by {@link #evaluate}'s scrape. */
    private boolean anyRuleReads(String family) {
        Boolean known = reads.get(family);
        if (known == null) {
            known = rules.values().stream().anyMatch(state -> state.rule().reads(family));
            reads.put(family, known);
        }
        return known;
    }

    /** Every rule, firing first, then by name. */
    public synchronized List<AlertStatus> alerts() {
        List<AlertStatus> all = new ArrayList<>();
        for (RuleState state : rules.values()) {
            AlertRule rule = state.rule();
            all.add(new AlertStatus(rule.name(), state.phase().name().toLowerCase(Locale.ROOT), rule.severity().word(),
                    rule.condition(), rule.summary(), Double.isNaN(state.value()) ? null : state.value(), state.since(),
                    rule.webhook() != null));
        }
        all.sort(Comparator.comparing((AlertStatus a) -> !"firing".equals(a.state())).thenComparing(AlertStatus::name));
        return all;
    }

    WebhookSender webhooks() {
        return webhooks;
    }

    private void announce(RuleState state, String what, String why) {
        AlertRule rule = state.rule();
        Instant now = clock.instant();
        String observed = why != null ? why : Double.isNaN(state.value()) ? "no data" : "value " + format(state.value());
        String cause = (rule.summary().isBlank() ? "" : rule.summary() + ": ") + rule.condition() + "; " + observed;
        IncidentLog log = incidents;
        if (log != null) {
            boolean firing = "firing".equals(what);
            log.report("alert:" + rule.name(), firing ? rule.severity().incidentSeverity : HealthStatus.UP, cause, "alert", what);
        }
        Map<String, Object> properties = Map.of(QenexTopics.NAME, rule.name(), QenexTopics.STATE, what,
                QenexTopics.SEVERITY, rule.severity().word(), QenexTopics.CAUSE, cause, QenexTopics.TIME, now.toEpochMilli());
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(QenexTopics.ALERT, properties));
        }
        if ("firing".equals(what)) {
            LOG.warn("Alert {} firing ({}): {}", rule.name(), rule.severity().word(), cause);
        } else {
            LOG.info("Alert {} resolved: {}", rule.name(), cause);
        }
        if (rule.webhook() != null) {
            Map<String, Object> body = new LinkedHashMap<>(properties);
            body.put("node", nodeId);
            body.put("condition", rule.condition());
            body.put("summary", rule.summary());
            body.put("value", Double.isNaN(state.value()) ? null : state.value());
            try {
                webhooks.send(rule.webhook(), JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A value the short way: a whole number as it is, another with 4 significant digits, no trailing zeros. */
    public static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
