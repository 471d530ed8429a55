package org.qenex.kernel.internal.http;

import java.util.Map;

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
 * part is DOWN or quarantined, then 503 {@code DOWN}. DEGRADED still serves traffic, so it is UP.
 */
@Component(name = "org.qenex.kernel.http.health", service = ApiResource.class)
public final class HealthResource implements ApiResource {

    private final Supervisor supervisor;

    @Activate
    public HealthResource(@Reference Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Route(method = "GET", path = "/v1/health", role = Route.PUBLIC,
            summary = "UP (200) or DOWN (503), for load balancers; no login")
    public ApiResponse health() {
        boolean down = supervisor.overallHealth() == HealthStatus.DOWN;
        return ApiResponse.status(down ? 503 : 200).body(Map.of("status", down ? "DOWN" : "UP"));
    }
}
