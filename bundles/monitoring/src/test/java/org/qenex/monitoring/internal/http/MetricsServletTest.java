package org.qenex.monitoring.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.monitoring.internal.collect.Fakes;
import org.qenex.monitoring.internal.collect.JvmCollector;
import org.qenex.monitoring.internal.collect.TextFormat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

public class MetricsServletTest {

    private final Map<String, Object> sent = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Test
    public void aCallerWithoutTheViewerRoleIsRefusedWithTheApiErrorCode() throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.addCollector(new JvmCollector());
        servlet.doGet(request(false), response());
        assertEquals(403, sent.get("sendError"));
        assertEquals("forbidden", sent.get(ApiContext.ERROR_CODE));
        assertEquals(0, body.size());
    }

    @Test
    public void aViewerGetsEveryCollectorsFamiliesSortedByName() throws Exception {
        MetricsServlet servlet = new MetricsServlet();
        servlet.addCollector(() -> MetricSnapshots.of(GaugeSnapshot.builder().name("b_last").help("b")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(2).build()).build()));
        JvmCollector jvm = new JvmCollector();
        servlet.addCollector(jvm);
        servlet.doGet(request(true), response());
        assertEquals(200, sent.get("setStatus"));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", sent.get("setContentType"));
        Map<String, TextFormat.Family> page = TextFormat.parse(body.toString(StandardCharsets.UTF_8));
        List<String> names = List.copyOf(page.keySet());
        assertEquals("b_last", names.get(0));
        assertTrue(page.containsKey("jvm_threads_current"));
        assertEquals(names.stream().sorted().toList(), names);

        servlet.removeCollector(jvm);
        body.reset();
        servlet.doGet(request(true), response());
        assertEquals(List.of("b_last"), List.copyOf(TextFormat.parse(body.toString(StandardCharsets.UTF_8)).keySet()));
    }

    private HttpServletRequest request(boolean viewer) {
        return Fakes.of(HttpServletRequest.class, Map.of(
                "isUserInRole", (Fakes.Answer) args -> viewer && ApiContext.ROLE_VIEWER.equals(args[0]),
                "setAttribute", (Fakes.Answer) args -> sent.put((String) args[0], args[1])));
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return Fakes.of(HttpServletResponse.class, Map.of(
                "sendError", (Fakes.Answer) args -> sent.put("sendError", args[0]),
                "setStatus", (Fakes.Answer) args -> sent.put("setStatus", args[0]),
                "setContentType", (Fakes.Answer) args -> sent.put("setContentType", args[0]),
                "setHeader", (Fakes.Answer) args -> sent.put((String) args[0], args[1]),
                "getOutputStream", out));
    }
}
