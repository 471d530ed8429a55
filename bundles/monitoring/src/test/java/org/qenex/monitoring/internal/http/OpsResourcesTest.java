package org.qenex.monitoring.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.Test;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.monitoring.internal.alert.AlertEngine;
import org.qenex.monitoring.internal.alert.AlertEngineConfiguration;
import org.qenex.monitoring.internal.alert.Configs;
import org.qenex.monitoring.internal.log.LogLine;
import org.qenex.monitoring.internal.log.LogRing;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /api/v1/logs (operator) and GET /api/v1/alerts (viewer) through the REST kit. */
public class OpsResourcesTest {

    private final LogRing ring = new LogRing(50);
    // No rule has a webhook: the engine starts no thread, so nothing to stop after the test.
    private final AlertEngine engine = new AlertEngine(new ManualWorkScheduler(), new FixedNodeContext("node-1", Path.of("target")),
            Configs.of(AlertEngineConfiguration.class, Map.of()));
    private final ApiDispatcher api = new ApiDispatcher();

    public OpsResourcesTest() {
        api.add(new LogsResource(ring));
        api.add(new AlertsResource(engine));
    }

    @Test
    public void logsNeedTheOperatorAndAnswerTheMatchingLinesWithTheirRequestIds() throws Exception {
        ring.add(new LogLine(Instant.now().toEpochMilli(), "WARN", "org.qenex.x.Y", "t", "slow commit", "rq-1", "org.qenex.x", null));
        ring.add(new LogLine(Instant.now().toEpochMilli(), "INFO", "org.qenex.x.Y", "t", "fine", null, "org.qenex.x", null));
        assertEquals(403, FakeHttp.get("/v1/logs").as("val", ApiContext.ROLE_VIEWER).sendTo(api).status());
        FakeHttp call = FakeHttp.get("/v1/logs").query("level", "warn").query("since", "10m")
                .as("oscar", ApiContext.ROLE_OPERATOR, ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(200, call.status());
        JsonNode json = call.json();
        assertEquals(50, json.path("capacity").asInt());
        assertEquals(1, json.path("lines").size());
        assertEquals("rq-1", json.path("lines").get(0).path("requestId").asText());
        assertEquals("slow commit", json.path("lines").get(0).path("message").asText());
        assertTrue(json.path("lines").get(0).path("time").asText().endsWith("Z"));
    }

    @Test
    public void unboundedLogQueriesAre400WithTheBound() throws Exception {
        for (Map.Entry<String, String> bad : Map.of("n", "100000000000", "grep", "g".repeat(201), "since", "1y",
                "level", "NOISY").entrySet()) {
            FakeHttp call = FakeHttp.get("/v1/logs").query(bad.getKey(), bad.getValue()).as("oscar", ApiContext.ROLE_OPERATOR)
                    .sendTo(api);
            assertEquals(bad.getKey(), 400, call.status());
            assertEquals("bad_query", call.errorCode());
            assertTrue(call.errorDetail(), !call.errorDetail().isBlank());
        }
    }

    @Test
    public void alertsAreListedForAViewer() throws Exception {
        FakeHttp call = FakeHttp.get("/v1/alerts").as("val", ApiContext.ROLE_VIEWER).sendTo(api);
        assertEquals(200, call.status());
        assertEquals(0, call.json().path("firing").asInt());
        assertTrue(call.json().path("alerts").isArray());
        assertEquals("an authenticated caller without a role", 403, FakeHttp.get("/v1/alerts").as("nobody").sendTo(api).status());
    }
}
