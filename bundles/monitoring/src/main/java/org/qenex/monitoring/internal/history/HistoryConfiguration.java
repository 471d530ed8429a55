package org.qenex.monitoring.internal.history;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How often the node samples its figures for the console's charts, and how many samples it keeps. */
@ObjectClassDefinition(name = "QENEX metric history", description = "The node's own recent history of a few figures, "
        + "served at /api/v1/metrics/history for the console's charts (Prometheus keeps the long history).")
public @interface HistoryConfiguration {

    @AttributeDefinition(name = "Period (seconds)", description = "Time between two samples.", min = "1", max = "3600")
    int periodSeconds() default 10;

    @AttributeDefinition(name = "Samples kept", description = "Samples kept per series; with the period, how far back the history goes "
            + "(360 x 10 s = one hour).", min = "1", max = "100000")
    int samples() default 360;
}
