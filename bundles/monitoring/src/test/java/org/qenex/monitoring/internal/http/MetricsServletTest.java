package org.qenex.monitoring.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.monitoring.internal.collect.JvmCollector;
import org.qenex.monitoring.internal.collect.TextFormat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

public class MetricsServletTest {

    @Test
    public void aCallerWithoutTheViewerRoleIsRefusedWithTheApiErrorCode() throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.addCollector(new JvmCollector());
        FakeHttp call = FakeHttp.get("/v1/metrics").as("mallory").sendTo(servlet);
        assertEquals(403, call.status());
        assertEquals("forbidden", call.errorCode());
        assertEquals("", call.text());
    }

    @Test
    public void aViewerGetsEveryCollectorsFamiliesSortedByName() throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.addCollector(() -> MetricSnapshots.of(GaugeSnapshot.builder().name("b_last").help("b")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(2).build()).build()));
        JvmCollector jvm = new JvmCollector();
        servlet.addCollector(jvm);
        FakeHttp call = FakeHttp.get("/v1/metrics").as("ann", ApiContext.ROLE_VIEWER).sendTo(servlet);
        assertEquals(200, call.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", call.header("Content-Type"));
        Map<String, TextFormat.Family> page = TextFormat.parse(call.text());
        List<String> names = List.copyOf(page.keySet());
        assertEquals("b_last", names.get(0));
        assertTrue(page.containsKey("jvm_threads_current"));
        assertEquals(names.stream().sorted().toList(), names);

        servlet.removeCollector(jvm);
        FakeHttp again = FakeHttp.get("/v1/metrics").as("ann", ApiContext.ROLE_VIEWER).sendTo(servlet);
        assertEquals(List.of("b_last"), List.copyOf(TextFormat.parse(again.text()).keySet()));
    }
}
