package org.qenex.monitoring.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.monitoring.internal.history.HistoryRing;
import org.qenex.monitoring.internal.history.MetricHistory;

/**
 * {@code GET /api/v1/metrics/history[?after=<epoch seconds>]}: the node's recent samples of the
 * figures the console charts; role viewer (the same figures as {@code /api/v1/metrics}).
 */
@Component(service = ApiResource.class)
public final class HistoryResource implements ApiResource {

    private final MetricHistory history;

    @Activate
    public HistoryResource(@Reference MetricHistory history) {
        this.history = history;
    }

    @Route(method = "GET", path = "/v1/metrics/history", role = ApiContext.ROLE_VIEWER,
            summary = "The node's last hour of CPU, heap, threads, disk, chain and REST figures, one sample per period")
    public Map<String, Object> history(ApiRequest request) {
        String after = request.query("after");
        long afterSeconds;
        try {
            afterSeconds = after == null ? Long.MIN_VALUE : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad_query", "after must be a time in seconds since the Unix epoch: " + after);
        }
        HistoryRing.Window window = history.after(afterSeconds);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("periodSeconds", history.periodSeconds());
        body.put("capacity", history.capacity());
        body.put("time", window.times());
        body.put("series", window.series());
        return body;
    }
}
