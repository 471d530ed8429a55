package org.qenex.monitoring.internal.http;

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
import org.qenex.monitoring.internal.log.LogLine;
import org.qenex.monitoring.internal.log.LogQuery;
import org.qenex.monitoring.internal.log.LogRing;

/**
 * {@code GET /api/v1/logs?level=&since=&grep=&n=}: the node's recent log events, oldest first;
 * role operator (log lines name users, addresses and internals a viewer need not see).
 */
@Component(service = ApiResource.class)
public final class LogsResource implements ApiResource {

    private final LogRing log;

    @Activate
    public LogsResource(@Reference LogRing log) {
        this.log = log;
    }

    @Route(method = "GET", path = "/v1/logs", role = ApiContext.ROLE_OPERATOR,
            summary = "Recent log events, oldest first; query level (least severe shown), since (10m), grep (text), n (at most 1000)")
    public Map<String, Object> logs(ApiRequest request) {
        LogQuery query;
        try {
            String n = request.query("n");
            query = LogQuery.parse(request.query("level"), request.query("since"), request.query("grep"),
                    n == null ? null : parseCount(n), Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_query", e.getMessage());
        }
        List<Map<String, Object>> lines = log.search(query).stream().map(LogsResource::json).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("capacity", log.capacity());
        answer.put("appended", log.appended());
        answer.put("lines", lines);
        return answer;
    }

    private static int parseCount(String n) {
        if (!n.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("n must be from 1 to " + LogQuery.MAX_LIMIT);
        }
        return Integer.parseInt(n);
    }

    private static Map<String, Object> json(LogLine line) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", Instant.ofEpochMilli(line.time()).toString());
        json.put("level", line.level());
        json.put("logger", line.logger());
        json.put("thread", line.thread());
        json.put("bundle", line.bundle());
        json.put("requestId", line.requestId());
        json.put("message", line.message());
        json.put("thrown", line.thrown());
        return json;
    }
}
