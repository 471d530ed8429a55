package org.qenex.security.internal.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/v1/audit?user=&since=&q=&limit=}: the newest matching records, oldest first;
 * {@code GET /api/v1/audit/verify}: the verdict on the hash chain. Role admin.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.security.audit",
        "osgi.http.whiteboard.servlet.pattern=/v1/audit",
        "osgi.http.whiteboard.servlet.pattern=/v1/audit/*",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class AuditServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int DEFAULT_LIMIT = 100;

    private final transient AuditTrail audit;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public AuditServlet(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET is supported");
            return;
        }
        if (!req.isUserInRole(ApiContext.ROLE_ADMIN)) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "the role " + ApiContext.ROLE_ADMIN + " is required");
            return;
        }
        String sub = req.getPathInfo() == null ? "" : req.getPathInfo();
        switch (sub) {
            case "", "/" -> search(req, resp);
            case "/verify" -> verify(resp);
            default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no audit resource " + sub + "; use /v1/audit or /v1/audit/verify");
        }
    }

    private void search(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AuditQuery query;
        try {
            query = new AuditQuery(req.getParameter("user"), AuditQuery.since(req.getParameter("since"), Instant.now()),
                    req.getParameter("q"), limit(req.getParameter("limit")));
        } catch (IllegalArgumentException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        List<AuditRecord> records = audit.search(query);
        List<Map<String, Object>> rows = records.stream().map(AuditServlet::row).toList();
        write(resp, Map.of("records", rows, "count", rows.size()));
    }

    private void verify(HttpServletResponse resp) throws IOException {
        VerifyReport report = audit.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().name().toLowerCase());
        body.put("intact", report.intact());
        body.put("records", report.records());
        body.put("headSequence", report.head().sequence());
        body.put("headHash", report.head().hash());
        body.put("line", report.line());
        body.put("problem", report.problem());
        body.put("lost", audit.lost());
        write(resp, body);
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + AuditQuery.MAX_LIMIT);
        }
    }

    private static Map<String, Object> row(AuditRecord record) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", record.sequence());
        row.put("time", record.time().toString());
        row.put("actor", record.entry().actor());
        row.put("route", record.entry().route());
        row.put("address", record.entry().address());
        row.put("action", record.entry().action());
        row.put("outcome", record.entry().outcome());
        row.put("detail", record.entry().detail());
        row.put("prev", record.previous());
        return row;
    }

    private void write(HttpServletResponse resp, Object body) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }
}
