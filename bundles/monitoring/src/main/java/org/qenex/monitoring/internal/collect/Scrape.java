package org.qenex.monitoring.internal.collect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * One scrape over every registered collector. Collectors are services, so any bundle (a plugin
 * too) can add metrics by registering a {@link MultiCollector}; one that fails or repeats a name
 * loses its own metrics for that scrape, never the whole page.
 */
public final class Scrape {

    private static final Logger LOG = LoggerFactory.getLogger(Scrape.class);

    private Scrape() {
    }

    public static MetricSnapshots of(Iterable<MultiCollector> collectors) {
        return of(collectors, null);
    }

    /**
     * Only the families whose Prometheus names (a counter's without {@code _total}) {@code included}
     * accepts, through {@link MultiCollector#collect(Predicate)}: a collector that overrides it skips
     * the work for the families left out; {@code null} takes every family.
     */
    public static MetricSnapshots of(Iterable<MultiCollector> collectors, Predicate<String> included) {
        List<MetricSnapshot> families = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (MultiCollector collector : collectors) {
            MetricSnapshots collected;
            try {
                collected = included == null ? collector.collect() : collector.collect(included);
            } catch (RuntimeException e) {
                LOG.warn("Metrics collector {} failed; its metrics are left out of this scrape", collector.getClass().getName(), e);
                continue;
            }
            for (MetricSnapshot family : collected) {
                if (names.add(family.getMetadata().getPrometheusName())) {
                    families.add(family);
                } else {
                    LOG.warn("Metric {} of {} repeats a name another collector exports; left out",
                            family.getMetadata().getPrometheusName(), collector.getClass().getName());
                }
            }
        }
        return new MetricSnapshots(families);
    }
}
