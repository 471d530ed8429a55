package org.qenex.monitoring.internal.alert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.api.work.testing.ManualWorkScheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** Webhooks against a local HTTP server: retried with backoff until accepted, a refusal not retried, a full queue never blocks. */
public class WebhookSenderTest {

    /** In the brief's port range; a second run on a busy port falls back to any free one. */
    private static final int PORT = 18611;

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final HttpServer server;
    private WebhookSender sender;

    public WebhookSenderTest() throws IOException {
        HttpServer bound;
        try {
            bound = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        } catch (IOException busy) {
            bound = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        server = bound;
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            arrivals.add(System.nanoTime());
            String text = new String(body, StandardCharsets.UTF_8);
            int status = text.contains("refuse") ? 400 : text.contains("fail") ? 500 : failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stop() {
        if (sender != null) {
            sender.close();
        }
        server.stop(0);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    public void aFailedDeliveryIsRetriedWithGrowingDelaysUntilAccepted() throws Exception {
        sender = new WebhookSender(10, 5, Duration.ofMillis(100));
        failuresLeft.set(3);
        assertTrue(sender.send(hook(), "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("application/json {\"n\":1}", received.poll(30, TimeUnit.SECONDS));
        assertEquals(4, arrivals.size());
        long firstGap = arrivals.get(1) - arrivals.get(0);
        long thirdGap = arrivals.get(3) - arrivals.get(2);
        assertTrue("backoff of 100, 200, 400 ms: " + firstGap + " then " + thirdGap + " ns",
                firstGap >= TimeUnit.MILLISECONDS.toNanos(100) && thirdGap >= TimeUnit.MILLISECONDS.toNanos(400));
        await(() -> sender.delivered() == 1);
    }

    /** Waits (bounded) for what the sender's thread does after the server has answered. */
    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertTrue("not done within 30 s", System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    @Test
    public void aReceiverRefusingTheNotificationIsNotAskedAgainAndRetriesStopAtTheLimit() throws Exception {
        sender = new WebhookSender(10, 3, Duration.ofMillis(20));
        sender.send(hook(), "{\"refuse\":1}".getBytes(StandardCharsets.UTF_8));
        sender.send(hook(), "{\"fail\":2}".getBytes(StandardCharsets.UTF_8));
        await(() -> sender.failed() == 2);
        assertEquals("one attempt for the 400, three for the 500s", 4, arrivals.size());
        assertEquals(0, sender.delivered());
    }

    @Test
    public void aFullQueueDropsWithoutBlocking() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        // Nothing listens there: every delivery fails and waits a minute for its retry, so the queue stays full.
        sender = new WebhookSender(2, 10, Duration.ofMinutes(1));
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/hook");
        long start = System.nanoTime();
        assertTrue(sender.send(nowhere, new byte[] {'1'}));
        assertTrue(sender.send(nowhere, new byte[] {'2'}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            refused = !sender.send(nowhere, new byte[] {'3'});
        }
        assertTrue("the third is refused once two wait for their retry", refused);
        assertTrue(sender.dropped() >= 1);
        assertTrue("send never waited for the network", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    public void aFiringRulePostsItsAlertAsJson() throws Exception {
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        AlertEngine engine = new AlertEngine(scheduler, "node-7", Configs.of(AlertEngineConfiguration.class,
                Map.of("webhookRetryMillis", 50L)), java.time.Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), java.time.ZoneOffset.UTC), () -> false);
        try {
            engine.setIncidents(new RecordingIncidentLog());
            engine.addCollector(() -> MetricSnapshots.of(GaugeSnapshot.builder().name("qenex_parts_quarantined").help("q")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build()).build()));
            engine.addRule(new ConfiguredAlertRule(Configs.of(AlertRuleConfiguration.class, Map.of("name", "quarantine",
                    "metric", "qenex_parts_quarantined", "severity", "critical", "summary", "a part is quarantined",
                    "webhook", hook().toString()))));
            failuresLeft.set(1);
            scheduler.runAll();
            String posted = received.poll(30, TimeUnit.SECONDS);
            assertTrue(posted, posted.startsWith("application/json "));
            JsonNode json = new ObjectMapper().readTree(posted.substring("application/json ".length()));
            assertEquals("quarantine", json.path("name").asText());
            assertEquals("firing", json.path("state").asText());
            assertEquals("critical", json.path("severity").asText());
            assertEquals("node-7", json.path("node").asText());
            assertEquals(1.0, json.path("value").asDouble(), 0);
            assertEquals(Instant.parse("2026-12-06T01:00:00Z").toEpochMilli(), json.path("time").asLong());
            assertEquals("qenex_parts_quarantined > 0", json.path("condition").asText());
            assertFalse(json.path("cause").asText().isEmpty());
        } finally {
            engine.deactivate();
        }
    }
}
