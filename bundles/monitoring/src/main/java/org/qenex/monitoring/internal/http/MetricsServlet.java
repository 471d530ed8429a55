package org.qenex.monitoring.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.qenex.api.http.ApiContext;
import org.qenex.monitoring.internal.collect.Scrape;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;

/**
 * {@code GET /api/v1/metrics}: every registered {@link MultiCollector}'s metrics in the Prometheus
 * text format (version 0.0.4).
 *
 * <p>A plain servlet in the REST API's context rather than a {@code @Route}: the REST kit writes
 * JSON only, and being in that context is what puts the endpoint behind the node's gateway filter
 * ({@code qenex.api.gateway}: HTTP Basic or an API token, login throttling, 401 with the JSON error
 * body). A scrape token is an API token with the role viewer. The role is checked here, as
 * {@link ApiContext} asks of plain servlets.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern(MetricsServlet.PATTERN)
@HttpWhiteboardServletName("org.qenex.monitoring.metrics")
public final class MetricsServlet extends HttpServlet {

    /** Relative to {@value ApiContext#PATH}; more specific than the REST kit's {@code /v1/*}. */
    static final String PATTERN = "/v1/metrics";

    private static final long serialVersionUID = 1L;

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    // The page lists families sorted by name (MetricSnapshots sorts them), whatever this order.
    private final transient List<MultiCollector> collectors = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCollector(MultiCollector collector) {
        collectors.add(collector);
    }

    void removeCollector(MultiCollector collector) {
        collectors.remove(collector);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole(ApiContext.ROLE_VIEWER)) {
            request.setAttribute(ApiContext.ERROR_CODE, "forbidden");
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "metrics need the role viewer");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(WRITER.getContentType());
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            write(out, collectors);
        }
    }

    /** The page for {@code collectors}: what a scrape answers, for tests too. */
    static void write(OutputStream out, List<MultiCollector> collectors) throws IOException {
        WRITER.write(out, Scrape.of(collectors), EscapingScheme.UNDERSCORE_ESCAPING);
    }
}
