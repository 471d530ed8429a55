package org.qenex.kernel.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.kernel.internal.supervisor.PartKind;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.supervisor.Supervisor;

/**
 * {@code GET /api/v1/health}, without credentials, for load balancers: 200 {@code UP} unless a
 * critical part is DOWN or quarantined, then 503 {@code DOWN}. DEGRADED still serves traffic, so it
 * is UP; so is a node whose only DOWN parts are non-critical health checks (the node is DEGRADED).
 * Until the node's own endpoints are all registered it is 503 {@code STARTING}, with what it waits for.
 *
 * <p>The answer names the health checks that are not UP ({@code "degraded": ["network"]}), without
 * their messages (the route is public). {@code ?check=NAME} asks about one check: 200 only while it
 * is UP, else 503 with its status and message, so a load balancer can require, say, a node whose
 * chain is in sync with its peers ({@code ?check=network}).
 */
@Component(name = "org.qenex.kernel.http.health", service = ApiResource.class)
public final class HealthResource implements ApiResource {

    private final Supervisor supervisor;

    @Activate
    public HealthResource(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Route(method = "GET", path = "/v1/health", role = Route.PUBLIC,
            summary = "UP (200), or STARTING or DOWN (503), for load balancers; no login; ?check=NAME: 200 only while that check is UP")
    public ApiResponse health(ApiRequest request) {
        Optional<String> starting = supervisor.notServing();
        if (starting.isPresent()) {
            return ApiResponse.status(503).body(Map.of("status", "STARTING", "detail", starting.get()));
        }
        List<PartView> checks = supervisor.parts().stream().filter(p -> p.kind() == PartKind.HEALTH).toList();
        String asked = request.query("check");
        if (asked != null) {
            String part = PartKind.HEALTH.partName(asked);
            PartView check = checks.stream().filter(p -> p.name().equals(part)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("unknown_check", "no health check is named '" + asked + "'"));
            boolean up = check.health() == HealthStatus.UP;
            return ApiResponse.status(up ? 200 : 503).body(Map.of("status", check.health().name(), "check", asked,
                    "detail", check.message()));
        }
        List<String> degraded = checks.stream().filter(p -> p.health() != HealthStatus.UP)
                .map(p -> p.name().substring(PartKind.HEALTH.partName("").length())).toList();
        boolean down = supervisor.overallHealth() == HealthStatus.DOWN;
        // Ordered, status first: clients and scripts read the answer as the docs print it.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down ? "DOWN" : "UP");
        body.put("degraded", degraded);
        return ApiResponse.status(down ? 503 : 200).body(body);
    }
}
