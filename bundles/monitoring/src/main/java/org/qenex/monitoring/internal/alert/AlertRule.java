package org.qenex.monitoring.internal.alert;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import org.qenex.api.health.HealthStatus;
import org.qenex.monitoring.internal.Durations;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * One alert rule, validated: what it measures in a scrape, how that compares with its threshold,
 * for how long it must hold, and what firing means.
 *
 * @param measured the metric (a health rule measures the checks in the wanted status or worse)
 * @param divisor what {@code measured} is divided by, or {@code null}
 * @param rate whether the rule compares increases per second rather than values
 * @param webhook where firing and resolving are POSTed, or {@code null}
 */
record AlertRule(String name, Measure measured, MetricSelector divisor, boolean rate, Comparison comparison,
        double threshold, Duration holdFor, Severity severity, String summary, URI webhook) {

    /** How a value compares with the threshold. */
    enum Comparison {
        ABOVE(">"), AT_LEAST(">="), BELOW("<"), AT_MOST("<="), EQUAL("=="), NOT_EQUAL("!=");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double value, double threshold) {
            return switch (this) {
                case ABOVE -> value > threshold;
                case AT_LEAST -> value >= threshold;
                case BELOW -> value < threshold;
                case AT_MOST -> value <= threshold;
                case EQUAL -> value == threshold;
                case NOT_EQUAL -> value != threshold;
            };
        }

        static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("comparison \"" + symbol + "\" is none of > >= < <= == !=");
        }
    }

    /** What firing means: the incident's severity and the word events and webhooks carry. */
    enum Severity {
        WARNING(HealthStatus.DEGRADED), CRITICAL(HealthStatus.DOWN);

        final HealthStatus incidentSeverity;

        Severity(HealthStatus incidentSeverity) {
            this.incidentSeverity = incidentSeverity;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The health metric a health rule reads (HealthCollector's). */
    static final String HEALTH_METRIC = "qenex_health_check_status";

    /**
     * The rule a configuration describes.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static AlertRule of(AlertRuleConfiguration config) {
        String name = config.name() == null ? "" : config.name().trim();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("name \"" + name + "\" must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        String metric = config.metric().trim();
        String health = config.health().trim();
        if (metric.isEmpty() == health.isEmpty()) {
            throw new IllegalArgumentException("rule " + name + ": give either a metric or a health check, not "
                    + (metric.isEmpty() ? "neither" : "both"));
        }
        Severity severity = switch (config.severity().trim().toLowerCase(Locale.ROOT)) {
            case "warning" -> Severity.WARNING;
            case "critical" -> Severity.CRITICAL;
            default -> throw new IllegalArgumentException("rule " + name + ": severity must be warning or critical");
        };
        Duration holdFor;
        try {
            holdFor = Durations.parse(config.duration());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule " + name + ": duration " + e.getMessage(), e);
        }
        URI webhook = null;
        if (!config.webhook().isBlank()) {
            webhook = URI.create(config.webhook().trim());
            if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme()) || webhook.getHost() == null) {
                throw new IllegalArgumentException("rule " + name + ": webhook must be an http or https URL");
            }
        }
        if (!health.isEmpty()) {
            // A health rule holds while at least one matching check reports the status or worse.
            HealthStatus status = HealthStatus.valueOf(config.healthStatus().trim().toUpperCase(Locale.ROOT));
            if (status == HealthStatus.UP) {
                throw new IllegalArgumentException("rule " + name + ": healthStatus must be DEGRADED or DOWN");
            }
            return new AlertRule(name, new HealthSelector(health, status), null, false, Comparison.ABOVE, 0, holdFor,
                    severity, config.summary(), webhook);
        }
        boolean rate = switch (config.function().trim().toLowerCase(Locale.ROOT)) {
            case "value" -> false;
            case "rate" -> true;
            default -> throw new IllegalArgumentException("rule " + name + ": function must be value or rate");
        };
        MetricSelector divisor = config.divideBy().isBlank() ? null
                : MetricSelector.parse(config.divideBy().trim(), config.divideByLabels());
        return new AlertRule(name, MetricSelector.parse(metric, config.labels()), divisor, rate,
                Comparison.of(config.comparison()), config.threshold(), holdFor, severity, config.summary(), webhook);
    }

    /** The condition, as {@code qenex:alerts} and the REST API show it. */
    String condition() {
        String what = measured instanceof HealthSelector h ? h.toString()
                : (rate ? "rate(" + measured + ")" : measured.toString())
                        + (divisor == null ? "" : " / " + (rate ? "rate(" + divisor + ")" : divisor.toString()));
        String compared = measured instanceof HealthSelector ? "" : " " + comparison.symbol + " "
                + java.math.BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString();
        return what + compared + (holdFor.isZero() ? "" : " for " + Durations.format(holdFor));
    }

    /** Whether the rule reads the metric family of that Prometheus name (its measure or its divisor). */
    boolean reads(String family) {
        return measured.reads(family) || (divisor != null && divisor.reads(family));
    }

    /** A health condition as a selector: how many checks report the wanted status or worse. */
    static final class HealthSelector implements Measure {
        private final String check;
        private final HealthStatus status;

        HealthSelector(String check, HealthStatus status) {
            this.check = check;
            this.status = status;
        }

        @Override
        public OptionalDouble valueIn(MetricSnapshots scrape) {
            double count = 0;
            boolean any = false;
            for (HealthStatus worse : HealthStatus.values()) {
                if (worse.ordinal() < status.ordinal()) {
                    continue;
                }
                Map<String, String> labels = "*".equals(check) ? Map.of("status", worse.name())
                        : Map.of("check", check, "status", worse.name());
                OptionalDouble found = new MetricSelector(HEALTH_METRIC, labels).valueIn(scrape);
                if (found.isPresent()) {
                    any = true;
                    count += found.getAsDouble();
                }
            }
            return any ? OptionalDouble.of(count) : OptionalDouble.empty();
        }

        @Override
        public boolean reads(String family) {
            return HEALTH_METRIC.equals(family);
        }

        @Override
        public String toString() {
            return "health(" + check + ") is " + status + (status == HealthStatus.DOWN ? "" : " or worse");
        }
    }
}
