package org.qenex.monitoring.internal.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} samples of a fixed set of series, oldest overwritten first: bounded
 * memory (capacity x series doubles) however long the node runs. One writer every period, readers
 * on requests; a sample is a time and one value per series, {@code NaN} when it was not known.
 */
public final class HistoryRing {

    private final List<String> series;
    private final long[] times;
    private final double[][] values;
    private int next;
    private int size;

    HistoryRing(List<String> series, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.series = List.copyOf(series);
        this.times = new long[capacity];
        this.values = new double[this.series.size()][capacity];
    }

    int capacity() {
        return times.length;
    }

    List<String> series() {
        return series;
    }

    /** Appends a sample taken at {@code epochSeconds}; a series missing from {@code sample} is unknown ({@code NaN}). */
    synchronized void add(long epochSeconds, Map<String, Double> sample) {
        times[next] = epochSeconds;
        for (int s = 0; s < series.size(); s++) {
            Double value = sample.get(series.get(s));
            values[s][next] = value == null ? Double.NaN : value;
        }
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** The samples taken after {@code afterEpochSeconds}, oldest first. */
    synchronized Window after(long afterEpochSeconds) {
        List<Long> kept = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int slot = Math.floorMod(next - size + i, times.length);
            if (times[slot] > afterEpochSeconds) {
                kept.add(times[slot]);
                slots.add(slot);
            }
        }
        Map<String, List<Double>> bySeries = new LinkedHashMap<>();
        for (int s = 0; s < series.size(); s++) {
            List<Double> line = new ArrayList<>(slots.size());
            for (int slot : slots) {
                double v = values[s][slot];
                line.add(Double.isNaN(v) ? null : v);
            }
            bySeries.put(series.get(s), line);
        }
        return new Window(kept, bySeries);
    }

    /** Sample times (epoch seconds) and, per series, the values at those times ({@code null}: unknown). */
    public record Window(List<Long> times, Map<String, List<Double>> series) {
    }
}
