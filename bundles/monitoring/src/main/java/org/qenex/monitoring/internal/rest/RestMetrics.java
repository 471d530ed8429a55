package org.qenex.monitoring.internal.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.http.ApiObserver;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The REST API's requests by route template, method and status, with latency histograms: an
 * {@link ApiObserver} the node's router tells of every request its dispatcher answers (every
 * bundle's and plugin's routes), and a {@link MultiCollector} that exports what it heard.
 *
 * <p>Labels are bounded: the route is the template ({@code /v1/chain/blocks/{key}}) or
 * {@code none}, the method one of six, the status a three-digit code; beyond {@value #MAX_SERIES}
 * series (plugins coming and going for weeks) new combinations are counted under route
 * {@code overflow} rather than growing the page without end.
 */
@Component(service = {ApiObserver.class, MultiCollector.class, RestMetrics.class})
public final class RestMetrics implements ApiObserver, MultiCollector {

    static final int MAX_SERIES = 2000;
    static final String OVERFLOW = "overflow";

    private record Key(String method, String route, int status) {
    }

    private final Map<Key, LatencyHistogram> series = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byStatusClass = new ConcurrentHashMap<>();

    public RestMetrics() {
        for (String statusClass : List.of("1xx", "2xx", "3xx", "4xx", "5xx")) {
            byStatusClass.put(statusClass, new LongAdder());
        }
    }

    @Override
    public void served(String method, String route, int status, long nanos) {
        Key key = new Key(method, route, status);
        LatencyHistogram histogram = series.get(key);
        if (histogram == null) {
            histogram = series.computeIfAbsent(series.size() < MAX_SERIES ? key : new Key(method, OVERFLOW, status),
                    k -> new LatencyHistogram());
        }
        histogram.record(nanos);
        LongAdder statusClass = byStatusClass.get(status / 100 + "xx");
        if (statusClass != null) {
            statusClass.increment();
        }
    }

    /** Every request counted so far, all series together, per bucket of {@link LatencyHistogram#BOUNDS} (not cumulative). */
    public long[] bucketTotals() {
        long[] totals = new long[LatencyHistogram.BOUNDS.length];
        for (LatencyHistogram histogram : series.values()) {
            histogram.addCountsTo(totals);
        }
        return totals;
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    /** The alert engine's scrape takes the status classes only: the per-route histograms are built just for the page. */
    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        List<MetricSnapshot> families = new ArrayList<>(2);
        if (included == null || included.test("qenex_rest_request_duration_seconds")) {
            families.add(latency());
        }
        if (included == null || included.test("qenex_rest_responses")) {
            families.add(responses());
        }
        return new MetricSnapshots(families);
    }

    private HistogramSnapshot latency() {
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name("qenex_rest_request_duration_seconds")
                .help("REST API requests answered by the REST kit, by method, route template (none: no route matched)"
                        + " and status, with the time from the dispatcher receiving each to its answer written.")
                .unit(Unit.SECONDS);
        // Sorted, so that a page lists its series in a stable order.
        List<Map.Entry<Key, LatencyHistogram>> sorted = new ArrayList<>(series.entrySet());
        sorted.sort(Map.Entry.comparingByKey((a, b) -> {
            int byRoute = a.route().compareTo(b.route());
            int byMethod = a.method().compareTo(b.method());
            return byRoute != 0 ? byRoute : byMethod != 0 ? byMethod : Integer.compare(a.status(), b.status());
        }));
        for (Map.Entry<Key, LatencyHistogram> entry : sorted) {
            Key key = entry.getKey();
            latency.dataPoint(entry.getValue().snapshot(Labels.of("method", key.method(), "route", key.route(),
                    "status", Integer.toString(key.status()))));
        }
        return latency.build();
    }

    private CounterSnapshot responses() {
        CounterSnapshot.Builder responses = CounterSnapshot.builder().name("qenex_rest_responses")
                .help("REST API requests answered by the REST kit, by status class (1xx to 5xx): the base of an error-rate alert.");
        new TreeMap<>(byStatusClass).forEach((statusClass, count) -> responses.dataPoint(
                CounterDataPointSnapshot.builder().labels(Labels.of("status_class", statusClass)).value(count.sum()).build()));
        return responses.build();
    }
}
