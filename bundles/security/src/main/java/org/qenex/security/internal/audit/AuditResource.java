package org.qenex.security.internal.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;

/**
 * {@code GET /api/v1/audit?user=&since=&q=&limit=}: the newest matching records, oldest first;
 * {@code GET /api/v1/audit/verify}: the verdict on the hash chain. Role admin.
 */
@Component(service = ApiResource.class)
public final class AuditResource implements ApiResource {

    private static final int DEFAULT_LIMIT = 100;

    private final AuditTrail audit;

    @Activate
    public AuditResource(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @Route(method = "GET", path = "/v1/audit", role = ApiContext.ROLE_ADMIN,
            summary = "Audit records by user, time (since) and text (q), newest last")
    public Map<String, Object> search(ApiRequest request) throws IOException {
        AuditQuery query;
        try {
            query = new AuditQuery(request.query("user"), AuditQuery.since(request.query("since"), Instant.now()),
                    request.query("q"), limit(request.query("limit")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_request", e.getMessage());
        }
        List<Map<String, Object>> rows = audit.search(query).stream().map(AuditResource::row).toList();
        return Map.of("records", rows, "count", rows.size());
    }

    @Route(method = "GET", path = "/v1/audit/verify", role = ApiContext.ROLE_ADMIN,
            summary = "Checks the audit log's hash chain")
    public Map<String, Object> verify() throws IOException {
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
        return body;
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
}
