package org.qenex.kernel.internal.http;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.kernel.internal.status.NodeStatus;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code GET /api/v1/status}: the node, its parts, plugins and resources; role viewer. */
@Component(name = "org.qenex.kernel.http.status", service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.kernel.status",
        "osgi.http.whiteboard.servlet.pattern=/v1/status",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient NodeStatus status;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public StatusServlet(@Reference NodeStatus status) {
        this.status = status;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET is supported");
            return;
        }
        if (!req.isUserInRole(ApiContext.ROLE_VIEWER)) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "the role " + ApiContext.ROLE_VIEWER + " is required");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), new StatusJson(mapper).of(status.report()));
    }
}
