package org.qenex.monitoring.internal.alert;

import java.util.OptionalDouble;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** What a rule reads from one scrape of the node's metrics. */
interface Measure {

    /** The value now; empty when the scrape has no such series (no data: the rule does not hold). */
    OptionalDouble valueIn(MetricSnapshots scrape);

    /**
     * Whether this measure reads the metric family of that Prometheus name (a counter's without
     * {@code _total}): the alert engine's scrape collects only the families its rules read.
     */
    boolean reads(String family);
}
