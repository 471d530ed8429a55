package org.qenex.kernel.internal.http;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.kernel.internal.status.PluginDirectory;
import org.qenex.kernel.internal.status.PluginView;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/v1/plugins}: each plugin with its links, for viewers. */
public class PluginsResourceTest {

    private final ApiDispatcher api = new ApiDispatcher();

    public PluginsResourceTest() {
        PluginView hello = new PluginView("hello", "1.2.0", "says hello", 97, "ACTIVE",
                List.of("GET /api/v1/hello/greetings/{name}"), List.of(new PluginView.CheckLink("health:hello", false)),
                List.of(new PluginView.JobLink("hello-report", "LOW", "SCHEDULED", 4)), 1);
        api.add(new PluginsResource(new PluginDirectory() {
            public List<PluginView> plugins() {
                return List.of(hello);
            }

            public String nameOf(long bundleId) {
                return bundleId == 97 ? "hello" : null;
            }
        }));
    }

    @Test
    public void aViewerSeesEachPluginWithItsRoutesChecksJobsAndStatusLines() {
        FakeHttp call = FakeHttp.get("/v1/plugins").as("ann", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(200, call.status());
        JsonNode hello = call.json().get(0);
        assertEquals("hello", hello.path("name").asText());
        assertEquals(97, hello.path("bundleId").asLong());
        assertEquals("GET /api/v1/hello/greetings/{name}", hello.path("routes").get(0).asText());
        assertEquals("health:hello", hello.path("healthChecks").get(0).path("part").asText());
        assertEquals(false, hello.path("healthChecks").get(0).path("critical").asBoolean(true));
        assertEquals("hello-report", hello.path("jobs").get(0).path("name").asText());
        assertEquals(4, hello.path("jobs").get(0).path("runs").asLong());
        assertEquals(1, hello.path("statusContributors").asInt());
    }

    @Test
    public void withoutARoleItIsForbidden() {
        assertEquals(403, FakeHttp.get("/v1/plugins").as("eve").sendTo(api).status());
    }
}
