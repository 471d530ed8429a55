package ${package}.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.node.testing.FixedNodeContext;

/** The plugin without a node: the node's own request dispatcher, a fixed node id and a temporary data folder. */
public class PluginTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ApiDispatcher api = new ApiDispatcher();
    private Path data;

    @Before
    public void deploy() {
        data = folder.getRoot().toPath().resolve("data");
        api.add(new GreetingResource(FixedNodeContext.in(data)));
    }

    @Test
    public void greetsByNameFromThisNode() {
        FakeHttp call = FakeHttp.get("/v1/${artifactId}/greetings/ann").as("ann", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(200, call.status());
        assertEquals("hello ann", call.json().get("greeting").asText());
        assertEquals("qx-000000000001", call.json().get("node").asText());
    }

    @Test
    public void remembersWhomItGreetedInItsDataFolder() throws Exception {
        FakeHttp greet = FakeHttp.post("/v1/${artifactId}/greetings", "{\"to\": \"ann\"}").as("op", ApiContext.ROLE_OPERATOR).sendTo(api);
        assertEquals(201, greet.status());
        assertEquals("ann\n", Files.readString(data.resolve("greeted.txt")));
        FakeHttp list = FakeHttp.get("/v1/${artifactId}/greetings").as("ann", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals("[\"ann\"]", list.text());
    }

    @Test
    public void aViewerMayNotGreetAndABadNameIsRefused() {
        assertEquals("forbidden", FakeHttp.post("/v1/${artifactId}/greetings", "{\"to\": \"ann\"}")
                .as("ann", ApiContext.ROLE_VIEWER).sendTo(api).errorCode());
        FakeHttp bad = FakeHttp.post("/v1/${artifactId}/greetings", "{\"to\": \"a\\nb\"}").as("op", ApiContext.ROLE_OPERATOR).sendTo(api);
        assertEquals(400, bad.status());
        assertEquals("bad_name", bad.errorCode());
        assertTrue("nothing written", Files.notExists(data.resolve("greeted.txt")));
    }

    @Test
    public void theHealthCheckIsDegradedWithoutADataFolder() throws Exception {
        assertEquals(HealthStatus.UP, new DataFolderHealth(FixedNodeContext.in(data)).check().status());
        Path blocked = Files.createFile(folder.getRoot().toPath().resolve("blocked"));
        assertEquals(HealthStatus.DEGRADED, new DataFolderHealth(FixedNodeContext.in(blocked.resolve("data"))).check().status());
    }
}
