package org.qenex.monitoring.internal.alert;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How often the alert rules are evaluated and how their webhooks are delivered ({@code etc/org.qenex.alerts.cfg}, optional). */
@ObjectClassDefinition(name = "QENEX alerts", description = "Evaluation of the org.qenex.alert rules.")
public @interface AlertEngineConfiguration {

    @AttributeDefinition(name = "Evaluation interval (s)", description = "Seconds between two evaluations of every rule;"
            + " each one reads the metrics once, health checks included. A rule's duration is only as fine as this.", min = "1")
    int evaluationSeconds() default 10;

    @AttributeDefinition(name = "Webhook queue", description = "Notifications waiting for delivery at most; more are dropped"
            + " (and logged) rather than holding memory.", min = "1")
    int webhookQueue() default 256;

    @AttributeDefinition(name = "Webhook attempts", description = "Deliveries tried per notification, the first included.", min = "1")
    int webhookAttempts() default 6;

    @AttributeDefinition(name = "Webhook first retry (ms)", description = "Delay before the first retry; each next one doubles.",
            min = "1")
    long webhookRetryMillis() default 1000;
}
