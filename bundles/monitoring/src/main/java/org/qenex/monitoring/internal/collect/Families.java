package org.qenex.monitoring.internal.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
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

    /** The families a scrape takes, every one when {@code included} is null. */
    static Selection select(Predicate<String> included) {
        return new Selection(included);
    }

    /**
     * The families one scrape asks for, each read and built only when asked: the alert engine asks
     * for the few its rules read every 10 s, and building the whole page for them (backup lists,
     * file descriptors, every REST series) was most of the work of an idle node's evaluation.
     */
    static final class Selection {
        private final Predicate<String> included;
        private final List<MetricSnapshot> families = new ArrayList<>();

        private Selection(Predicate<String> included) {
            this.included = included;
        }

        /** Whether the scrape takes the family of that Prometheus name (a counter's without {@code _total}). */
        boolean wants(String name) {
            return included == null || included.test(name);
        }

        /** Adds the family {@code name} names if the scrape takes it; {@code family} runs only then. */
        Selection add(String name, Supplier<? extends MetricSnapshot> family) {
            if (wants(name)) {
                families.add(family.get());
            }
            return this;
        }

        MetricSnapshots snapshots() {
            return new MetricSnapshots(families);
        }
    }
}
