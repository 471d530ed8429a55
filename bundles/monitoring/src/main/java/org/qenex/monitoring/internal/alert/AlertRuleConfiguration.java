package org.qenex.monitoring.internal.alert;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One alert rule: a factory configuration {@code org.qenex.alert}, one file
 * {@code etc/org.qenex.alert-<name>.cfg} per rule. See docs/monitoring.md, "Alerts".
 */
@ObjectClassDefinition(name = "QENEX alert rule",
        description = "A condition on a metric of /api/v1/metrics or on a health check; while it holds for the duration,"
                + " the alert fires: an incident, an event, an optional webhook.")
public @interface AlertRuleConfiguration {

    @AttributeDefinition(name = "Name", description = "Unique name of the rule (letters, digits, . _ -), e.g. heap-almost-full.")
    String name();

    @AttributeDefinition(name = "Metric", description = "A metric's name as the metrics page shows it (counters with _total;"
            + " a histogram's _count or _sum). Leave empty for a health rule.")
    String metric() default "";

    @AttributeDefinition(name = "Labels", description = "label=value pairs the metric's series must have; the values of every"
            + " matching series are added up.")
    String[] labels() default {};

    @AttributeDefinition(name = "Function", description = "value: the metric as it is; rate: its increase per second"
            + " since the previous evaluation (for counters).", options = {
            @Option(label = "value", value = "value"), @Option(label = "rate", value = "rate")})
    String function() default "value";

    @AttributeDefinition(name = "Divide by", description = "Another metric (same function) to divide by, e.g."
            + " jvm_memory_max_bytes for a fraction of the heap. No value, or zero, means no data.")
    String divideBy() default "";

    @AttributeDefinition(name = "Divide-by labels", description = "label=value pairs for the divisor's series.")
    String[] divideByLabels() default {};

    @AttributeDefinition(name = "Health check", description = "Instead of a metric: the name of a health check (as qenex:health"
            + " shows it), or * for any check; the rule holds while it reports the status below or worse.")
    String health() default "";

    @AttributeDefinition(name = "Health status", description = "For a health rule: DEGRADED or DOWN.", options = {
            @Option(label = "DEGRADED", value = "DEGRADED"), @Option(label = "DOWN", value = "DOWN")})
    String healthStatus() default "DOWN";

    @AttributeDefinition(name = "Comparison", description = "How the value compares with the threshold for the rule to hold.",
            options = {@Option(label = ">", value = ">"), @Option(label = ">=", value = ">="), @Option(label = "<", value = "<"),
                    @Option(label = "<=", value = "<="), @Option(label = "==", value = "=="), @Option(label = "!=", value = "!=")})
    String comparison() default ">";

    @AttributeDefinition(name = "Threshold", description = "The value compared with.")
    double threshold() default 0;

    @AttributeDefinition(name = "Duration", description = "How long the condition must hold before the alert fires"
            + " (e.g. 0s, 30s, 5m, 1h); it is checked at every evaluation.")
    String duration() default "0s";

    @AttributeDefinition(name = "Severity", description = "warning (the incident is DEGRADED) or critical (DOWN).", options = {
            @Option(label = "warning", value = "warning"), @Option(label = "critical", value = "critical")})
    String severity() default "warning";

    @AttributeDefinition(name = "Summary", description = "One sentence for operators: what firing means.")
    String summary() default "";

    @AttributeDefinition(name = "Webhook", description = "Optional http(s) URL that gets a JSON POST when the alert fires"
            + " and when it resolves (retried with backoff).")
    String webhook() default "";
}
