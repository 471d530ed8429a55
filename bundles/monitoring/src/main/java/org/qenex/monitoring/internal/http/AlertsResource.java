package org.qenex.monitoring.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.monitoring.internal.alert.AlertEngine;
import org.qenex.monitoring.internal.alert.AlertStatus;

/** {@code GET /api/v1/alerts}: every alert rule and where it stands, firing first; role viewer. */
@Component(service = ApiResource.class)
public final class AlertsResource implements ApiResource {

    private final AlertEngine alerts;

    @Activate
    public AlertsResource(@Reference AlertEngine alerts) {
        this.alerts = alerts;
    }

    @Route(method = "GET", path = "/v1/alerts", role = ApiContext.ROLE_VIEWER,
            summary = "The alert rules, firing first: state, severity, condition, last value, since when")
    public Map<String, Object> alerts() {
        List<Map<String, Object>> rules = alerts.alerts().stream().map(AlertsResource::json).toList();
        return Map.of("firing", rules.stream().filter(r -> "firing".equals(r.get("state"))).count(), "alerts", rules);
    }

    private static Map<String, Object> json(AlertStatus alert) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", alert.name());
        json.put("state", alert.state());
        json.put("severity", alert.severity());
        json.put("condition", alert.condition());
        json.put("summary", alert.summary());
        json.put("value", alert.value());
        json.put("since", alert.since() == null ? null : alert.since().toString());
        json.put("webhook", alert.webhook());
        return json;
    }
}
