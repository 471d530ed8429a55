package org.qenex.monitoring.internal.collect;

import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Builds metric families from values read at scrape time. Every family here is a snapshot of
 * something the node already counts (the JVM, the framework, the ledger), so nothing is
 * instrumented and the collectors hold no state between scrapes.
 *
 * <p>Counter names are given without {@code _total}: the text writer appends it. A name with a
 * unit ends with that unit ({@code _seconds}, {@code _bytes}), as the library checks.
 */
final class Families {

    private Families() {
    }

    /** A gauge with one unlabelled value. */
    static GaugeSnapshot gauge(String name, String help, Unit unit, double value) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        return family.dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    /** A gauge with one value per value of {@code label}, in the map's order. */
    static GaugeSnapshot gauge(String name, String help, Unit unit, String label, Map<String, ? extends Number> values) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        values.forEach((key, value) -> family.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of(label, key)).value(value.doubleValue()).build()));
        return family.build();
    }

    /** A counter with one unlabelled value; {@code name} without {@code _total}. */
    static CounterSnapshot counter(String name, String help, Unit unit, double value) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        return family.dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    /** A counter with one value per value of {@code label}; {@code name} without {@code _total}. */
    static CounterSnapshot counter(String name, String help, Unit unit, String label, Map<String, ? extends Number> values) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) {
            family.unit(unit);
        }
        values.forEach((key, value) -> family.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of(label, key)).value(value.doubleValue()).build()));
        return family.build();
    }
}
