package org.qenex.monitoring.internal.alert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * A metric by the name the metrics page shows ({@code _total} on counters, {@code _count} and
 * {@code _sum} of histograms, {@code _info}) and the labels its series must have. Its value in a
 * scrape is the sum of every matching series, so a rule may name fewer labels than the series
 * have (all statuses of a route, all routes of a status class).
 */
record MetricSelector(String name, Map<String, String> labels) implements Measure {

    MetricSelector {
        labels = Map.copyOf(labels);
    }

    /**
     * {@code label=value} pairs, one per element or comma-separated in one (a {@code .cfg} file
     * gives a single string: {@code labels = area=heap,pool=x}).
     */
    static MetricSelector parse(String name, String[] pairs) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : pairs == null ? new String[0] : String.join(",", pairs).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label \"" + pair + "\" is not label=value");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new MetricSelector(name, labels);
    }

    /** The sum of every matching series in {@code scrape}; empty when none matches. */
    @Override
    public OptionalDouble valueIn(MetricSnapshots scrape) {
        double sum = 0;
        boolean found = false;
        for (MetricSnapshot family : scrape) {
            String base = family.getMetadata().getPrometheusName();
            for (DataPointSnapshot point : family.getDataPoints()) {
                if (!matches(point)) {
                    continue;
                }
                double value = Double.NaN;
                if (family instanceof CounterSnapshot && name.equals(base + "_total")) {
                    value = ((CounterSnapshot.CounterDataPointSnapshot) point).getValue();
                } else if (family instanceof GaugeSnapshot && name.equals(base)) {
                    value = ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue();
                } else if (family instanceof HistogramSnapshot && name.equals(base + "_count")) {
                    value = ((HistogramSnapshot.HistogramDataPointSnapshot) point).getCount();
                } else if (family instanceof HistogramSnapshot && name.equals(base + "_sum")) {
                    value = ((HistogramSnapshot.HistogramDataPointSnapshot) point).getSum();
                } else if (family instanceof InfoSnapshot && name.equals(base + "_info")) {
                    value = 1;
                }
                if (!Double.isNaN(value)) {
                    sum += value;
                    found = true;
                }
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The family {@link #valueIn} takes this name's value from: the name itself, or with a suffix the page adds. */
    @Override
    public boolean reads(String family) {
        return name.equals(family) || name.equals(family + "_total") || name.equals(family + "_count")
                || name.equals(family + "_sum") || name.equals(family + "_info");
    }

    private boolean matches(DataPointSnapshot point) {
        for (Map.Entry<String, String> wanted : labels.entrySet()) {
            if (!wanted.getValue().equals(point.getLabels().get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return labels.isEmpty() ? name : name + labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
