package org.qenex.monitoring.internal.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.monitoring.internal.collect.Scrape;
import org.qenex.monitoring.internal.collect.TextFormat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/** Requests through a real dispatcher move the histogram of their route template, and the page stays valid. */
public class RestMetricsTest {

    public static final class Blocks implements ApiResource {
        @Route(method = "GET", path = "/v1/blocks/{key}", role = ApiContext.ROLE_VIEWER)
        public Map<String, Object> block(ApiRequest request) throws InterruptedException {
            if (request.pathParameter("key").equals("slow")) {
                Thread.sleep(30); // lands above the 25 ms bucket, whatever the machine's speed
            }
            if (request.pathParameter("key").equals("gone")) {
                throw ApiException.notFound("unknown_block", "no such block");
            }
            return Map.of("key", request.pathParameter("key"));
        }
    }

    private final ApiDispatcher api = new ApiDispatcher();
    private final RestMetrics metrics = new RestMetrics();

    public RestMetricsTest() {
        api.add(new Blocks());
        api.addObserver(metrics);
    }

    @Test
    public void theHistogramOfARouteTemplateMovesWithItsRequests() throws Exception {
        Map<String, TextFormat.Family> before = page();
        assertTrue("no request, no series (a family without any is left off the page)",
                !before.containsKey("qenex_rest_request_duration_seconds"));
        assertEquals(0, before.get("qenex_rest_responses_total").value("status_class", "2xx"), 0);

        for (String key : List.of("1", "2", "3", "slow")) {
            assertEquals(200, FakeHttp.get("/v1/blocks/" + key).as("ann", ApiContext.ROLE_VIEWER).sendTo(api).status());
        }
        FakeHttp.get("/v1/blocks/gone").as("ann", ApiContext.ROLE_VIEWER).sendTo(api);
        FakeHttp.get("/v1/no/route/" + System.nanoTime()).as("ann", ApiContext.ROLE_VIEWER).sendTo(api);

        Map<String, TextFormat.Family> after = page();
        TextFormat.Family latency = after.get("qenex_rest_request_duration_seconds");
        assertEquals("histogram", latency.type());
        String[] ok = {"method", "GET", "route", "/v1/blocks/{key}", "status", "200"};
        assertEquals("one series for four raw paths", 4, value(latency, "qenex_rest_request_duration_seconds_count", ok), 0);
        assertEquals(4, value(latency, "qenex_rest_request_duration_seconds_bucket", with(ok, "le", "+Inf")), 0);
        assertTrue("the slow one is above 25 ms",
                value(latency, "qenex_rest_request_duration_seconds_bucket", with(ok, "le", "0.025")) <= 3);
        assertTrue(value(latency, "qenex_rest_request_duration_seconds_sum", ok) >= 0.03);
        assertEquals(1, value(latency, "qenex_rest_request_duration_seconds_count",
                "method", "GET", "route", "/v1/blocks/{key}", "status", "404"), 0);
        assertEquals("an unknown path is not a label of its own", 1,
                value(latency, "qenex_rest_request_duration_seconds_count", "method", "GET", "route", "none", "status", "404"), 0);
        TextFormat.Family responses = after.get("qenex_rest_responses_total");
        assertEquals("counter", responses.type());
        assertEquals(4, responses.value("status_class", "2xx"), 0);
        assertEquals(2, responses.value("status_class", "4xx"), 0);
        assertEquals(0, responses.value("status_class", "5xx"), 0);
    }

    @Test
    public void seriesBeyondTheCapAreCountedAsOverflow() throws Exception {
        for (int i = 0; i < RestMetrics.MAX_SERIES + 5; i++) {
            metrics.served("GET", "/v1/plugin" + i, 200, 1_000);
        }
        TextFormat.Family latency = page().get("qenex_rest_request_duration_seconds");
        assertEquals(5, value(latency, "qenex_rest_request_duration_seconds_count",
                "method", "GET", "route", RestMetrics.OVERFLOW, "status", "200"), 0);
    }

    @Test
    public void bucketsCountAtTheirUpperBoundInclusive() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000_000); // exactly 1 ms: le="0.001"
        histogram.record(1_000_001);
        histogram.record(Long.MAX_VALUE);
        var buckets = histogram.snapshot(io.prometheus.metrics.model.snapshots.Labels.EMPTY).getClassicBuckets();
        assertEquals(1, buckets.getCount(0));
        assertEquals(1, buckets.getCount(1));
        assertEquals(1, buckets.getCount(buckets.size() - 1));
        assertEquals(3, histogram.count());
    }

    private Map<String, TextFormat.Family> page() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, Scrape.of(List.of(metrics)), EscapingScheme.UNDERSCORE_ESCAPING);
        return TextFormat.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static String[] with(String[] pairs, String name, String value) {
        String[] longer = java.util.Arrays.copyOf(pairs, pairs.length + 2);
        longer[pairs.length] = name;
        longer[pairs.length + 1] = value;
        return longer;
    }

    private static double value(TextFormat.Family family, String sample, String... labelPairs) {
        Map<String, String> wanted = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return family.samples().stream().filter(s -> s.name().equals(sample) && s.labels().equals(wanted))
                .mapToDouble(TextFormat.Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError(sample + wanted + " not in " + family.samples()));
    }
}
