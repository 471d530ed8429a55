package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/events} on a booted node, through the real gateway and Jetty: 401 without a
 * login; a viewer's stream carries an incident the kernel records and a plugin's installation and
 * start; a reconnection with {@code Last-Event-ID} and a type filter replays exactly what was
 * missed. (Ids, reset, keepalive and slow clients are the unit tests' part: EventHubTest.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsIT extends QenexTestSupport {

    private static final String VIEWER = "eve";
    private static final String PASSWORD = "eve's long enough password";

    @Inject
    private IncidentLog incidents;

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    /** One server-sent event as read off the wire. */
    private record Sse(long id, String event, JsonNode data) {
    }

    /** An open stream: its events, read on the client's thread as they arrive. */
    private final class EventStream implements AutoCloseable {
        final HttpResponse<java.util.stream.Stream<String>> response;
        final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();

        EventStream(String query, Long lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/events" + query))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((VIEWER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", Long.toString(lastEventId));
            }
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .sslContext(trusting(karafData().resolve("qenex/tls/node-cert.pem"))).build().send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
            Thread reader = new Thread(this::read, "events-it-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            Long id = null;
            String event = null;
            String data = null;
            try (java.util.stream.Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (event != null) {
                            events.add(new Sse(id, event, JSON.readTree(data)));
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
            } catch (Exception e) {
                // the test closed the stream
            }
        }

        Sse next(String what, Predicate<Sse> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Sse event = events.poll(1, TimeUnit.SECONDS);
                if (event != null && wanted.test(event)) {
                    return event;
                }
            }
            throw new AssertionError("no " + what + " on the stream within " + TIMEOUT);
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    @Test
    public void aViewerFollowsTheNodesEventsAndCatchesUpAfterReconnecting() throws Exception {
        await("the monitoring bundle active", () -> bundle("org.qenex.monitoring").getState() == Bundle.ACTIVE);
        assertJsonError(get("/api/v1/events", null, null), 401, "unauthorized");
        addUser(VIEWER, PASSWORD, "_g_:viewergroup");
        await("the events endpoint", () -> status("/api/v1/events?types=nonsense") == 400);
        assertJsonError(get("/api/v1/events?types=block,nonsense", VIEWER, PASSWORD), 400, "bad_request");
        assertJsonError(get("/api/v1/events?lastEventId=yesterday", VIEWER, PASSWORD), 400, "bad_request");
        // HEAD answers the stream's headers and ends (it ran the endless stream before); so does the status route's
        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/events"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), VIEWER, PASSWORD);
        assertEquals(200, head.statusCode());
        assertTrue(head.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/status"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), VIEWER, PASSWORD).statusCode());

        long firstId;
        try (EventStream stream = new EventStream("", null)) {
            assertEquals(200, stream.response.statusCode());
            assertEquals("text/event-stream;charset=utf-8", stream.response.headers().firstValue("Content-Type")
                    .orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT));

            incidents.report("events-it", HealthStatus.DEGRADED, "first", "none", "seen on the stream");
            Sse first = stream.next("the first incident", e -> e.event().equals("incident")
                    && e.data().path("part").asText().equals("events-it"));
            assertEquals("first", first.data().path("cause").asText());
            assertEquals("DEGRADED", first.data().path("severity").asText());
            assertTrue(first.data().path("sequence").isNumber());
            firstId = first.id();

            Bundle hello = bundleContext.installBundle(
                    new File(System.getProperty("qenex.itest.helloPlugin")).toURI().toString());
            try {
                hello.start();
                Sse installed = stream.next("the plugin's installation", e -> e.event().equals("plugin")
                        && e.data().path("name").asText().equals(hello.getSymbolicName()));
                assertEquals("installed", installed.data().path("state").asText());
                assertEquals(hello.getVersion().toString(), installed.data().path("version").asText());
                Sse started = stream.next("the plugin's start", e -> e.event().equals("plugin"));
                assertEquals("started", started.data().path("state").asText());
                assertTrue("ids increase", started.id() > installed.id() && installed.id() > firstId);
            } finally {
                hello.uninstall();
            }
        }

        // Missed while disconnected: an incident. The reconnection asks for incidents after the first.
        incidents.report("events-it", HealthStatus.DEGRADED, "second", "none", "replayed");
        try (EventStream again = new EventStream("?types=incident", firstId)) {
            Sse missed = again.next("the missed incident", e -> true);
            assertEquals("incident", missed.event());
            assertEquals("second", missed.data().path("cause").asText());
            incidents.report("events-it", HealthStatus.DEGRADED, "third", "none", "live");
            assertEquals("third", again.next("the live incident", e -> true).data().path("cause").asText());
        }
    }

    private int status(String path) {
        try {
            return get(path, VIEWER, PASSWORD).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
