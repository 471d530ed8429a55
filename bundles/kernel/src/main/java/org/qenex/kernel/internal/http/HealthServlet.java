package org.qenex.kernel.internal.http;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.http.ApiContext;
import org.qenex.kernel.internal.supervisor.Supervisor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/health}, without credentials, for load balancers: 200 {@code UP} unless a
 * part is DOWN or quarantined, then 503 {@code DOWN}. DEGRADED still serves traffic, so it is UP.
 * Until the node's own endpoints are all registered it is 503 {@code STARTING}, with what it waits for.
 */
@Component(name = "org.qenex.kernel.http.health", service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.kernel.health",
        "osgi.http.whiteboard.servlet.pattern=/v1/health",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT,
        ApiContext.PUBLIC_PATTERNS + "=/v1/health" })
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supervisor supervisor;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public HealthServlet(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET is supported");
            return;
        }
        Optional<String> starting = supervisor.notServing();
        boolean down = supervisor.overallHealth() == HealthStatus.DOWN;
        ObjectNode body = mapper.createObjectNode().put("status", starting.isPresent() ? "STARTING" : down ? "DOWN" : "UP");
        starting.ifPresent(why -> body.put("detail", why));
        resp.setStatus(starting.isPresent() || down ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }
}
