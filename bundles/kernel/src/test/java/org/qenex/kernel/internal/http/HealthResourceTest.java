package org.qenex.kernel.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.kernel.internal.supervisor.PartKind;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.supervisor.Supervisor;

/** {@code /api/v1/health}: public, STARTING until the node serves, UP while nothing is DOWN, 503 once something is. */
public class HealthResourceTest {

    private final AtomicReference<HealthStatus> overall = new AtomicReference<>(HealthStatus.DEGRADED);
    private final AtomicReference<Optional<String>> notServing = new AtomicReference<>(Optional.empty());
    private final AtomicReference<List<PartView>> parts = new AtomicReference<>(List.of());
    private final ApiDispatcher api = new ApiDispatcher();

    public HealthResourceTest() {
        api.add(new HealthResource(new Supervisor() {
            public List<PartView> parts() {
                return parts.get();
            }

            public HealthStatus overallHealth() {
                return overall.get();
            }

            public Incident heal(String part) {
                throw new IllegalArgumentException(part);
            }

            public Optional<String> notServing() {
                return notServing.get();
            }
        }));
    }

    @Test
    public void degradedStillServesAndDownIsA503WithoutLogin() {
        assertTrue(api.isPublic("/v1/health"));
        FakeHttp up = FakeHttp.get("/v1/health").sendTo(api);
        assertEquals(200, up.status());
        assertEquals("UP", up.json().path("status").asText());
        overall.set(HealthStatus.DOWN);
        FakeHttp down = FakeHttp.get("/v1/health").sendTo(api);
        assertEquals(503, down.status());
        assertEquals("DOWN", down.json().path("status").asText());
        assertEquals(405, FakeHttp.post("/v1/health", "{}").sendTo(api).status());
    }

    @Test
    public void startingIsA503ThatSaysWhatTheNodeWaitsFor() {
        notServing.set(Optional.of("waiting for org.qenex.chain.http.query"));
        FakeHttp starting = FakeHttp.get("/v1/health").sendTo(api);
        assertEquals(503, starting.status());
        assertEquals("STARTING", starting.json().path("status").asText());
        assertEquals("waiting for org.qenex.chain.http.query", starting.json().path("detail").asText());
        notServing.set(Optional.empty());
        assertEquals(200, FakeHttp.get("/v1/health").sendTo(api).status());
    }

    @Test
    public void aLoadBalancerCanRequireOneCheckSuchAsTheNetworkBeingInSync() {
        parts.set(List.of(check("network", HealthStatus.DEGRADED, "not in sync: height 10 of 900"),
                check("storage", HealthStatus.UP, "ok"),
                new PartView("bundle:org.qenex.chain", PartKind.BUNDLE, 3, "ACTIVE", HealthStatus.DEGRADED, "x", false, 0, null, true)));
        FakeHttp plain = FakeHttp.get("/v1/health").sendTo(api);
        assertEquals(200, plain.status());
        assertEquals("only checks, by name, no message", "[\"network\"]", plain.json().path("degraded").toString());

        FakeHttp behind = FakeHttp.get("/v1/health").query("check", "network").sendTo(api);
        assertEquals(503, behind.status());
        assertEquals("DEGRADED", behind.json().path("status").asText());
        assertEquals("not in sync: height 10 of 900", behind.json().path("detail").asText());
        assertEquals(200, FakeHttp.get("/v1/health").query("check", "storage").sendTo(api).status());
        FakeHttp unknown = FakeHttp.get("/v1/health").query("check", "nope").sendTo(api);
        assertEquals(404, unknown.status());
        assertEquals("unknown_check", unknown.json().path("error").asText());
    }

    private static PartView check(String name, HealthStatus status, String message) {
        return new PartView(PartKind.HEALTH.partName(name), PartKind.HEALTH, 7, "ACTIVE", status, message, false, 0, null, false);
    }
}
