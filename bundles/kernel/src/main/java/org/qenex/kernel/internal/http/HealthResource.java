package org.qenex.kernel.internal.http;

import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.kernel.internal.supervisor.Supervisor;

/**
 * {@code GET /api/v1/health}, without credentials, for load balancers: 200 {@code UP} unless a
 * critical part is DOWN or quarantined, then 503 {@code DOWN}. DEGRADED still serves traffic, so it
 * is UP; so is a node whose only DOWN parts are non-critical health checks (the node is DEGRADED).
 * Until the node's own endpoints are all registered it is 503 {@code STARTING}, with what it waits for.
 */
@Component(name = "org.qenex.kernel.http.health", service = ApiResource.class)
public final class HealthResource implements ApiResource {

    private final Supervisor supervisor;

    @Activate
    public HealthResource(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Route(method = "GET", path = "/v1/health", role = Route.PUBLIC,
            summary = "UP (200), or STARTING or DOWN (503), for load balancers; no login")
    public ApiResponse health() {
        Optional<String> starting = supervisor.notServing();
        if (starting.isPresent()) {
            return ApiResponse.status(503).body(Map.of("status", "STARTING", "detail", starting.get()));
        }
        boolean down = supervisor.overallHealth() == HealthStatus.DOWN;
        return ApiResponse.status(down ? 503 : 200).body(Map.of("status", down ? "DOWN" : "UP"));
    }
}
