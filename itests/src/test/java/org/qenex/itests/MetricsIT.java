package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.qenex.monitoring.internal.collect.TextFormat;

/**
 * {@code GET /api/v1/metrics} on a booted node: the Prometheus text page for a viewer (a password
 * or a viewer API token, the scrape token), the gateway's 401 without credentials. The page's
 * strict grammar is checked by the monitoring bundle's unit tests; here, that the node's own
 * figures reach it through the container's services.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends QenexTestSupport {

    private static final String VIEWER = "watcher";
    private static final String PASSWORD = "watcher's long password";
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^\\n]*\\})? [^ ]+");

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    @Test
    public void aViewerScrapesTheNodesMetricsAndAnonymousCallersAreRefused() throws Exception {
        // start level 86: the node may still be climbing to it when the test starts
        await("the monitoring bundle active", () -> bundle("org.qenex.monitoring").getState() == Bundle.ACTIVE);
        assertJsonError(get("/api/v1/metrics", null, null), 401, "unauthorized");
        assertJsonError(get("/api/v1/metrics", VIEWER, "wrong password"), 401, "unauthorized");
        addUser(VIEWER, PASSWORD, "_g_:viewergroup");

        // the chain registers its ChainView a little after the node answers
        await("the chain's figures on the page", () -> page(VIEWER, PASSWORD).contains("\nqenex_chain_height "));
        HttpResponse<String> scrape = get("/api/v1/metrics", VIEWER, PASSWORD);
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("Content-Type").orElse(""));
        String page = scrape.body();
        for (String line : page.split("\n")) {
            assertTrue(line, line.startsWith("# HELP ") || line.startsWith("# TYPE ") || SAMPLE.matcher(line).matches());
        }
        for (String family : new String[] {"# TYPE jvm_memory_used_bytes gauge", "# TYPE process_cpu_seconds_total counter",
            "# TYPE process_open_fds gauge", "# TYPE jvm_gc_collections_total counter", "# TYPE qenex_bundles gauge",
            "# TYPE qenex_health_check_status gauge", "# TYPE qenex_incidents_total counter",
            "# TYPE qenex_chain_mempool_transactions gauge", "# TYPE qenex_chain_minted_base_units gauge"}) {
            assertTrue(family + " in\n" + page, page.contains(family + "\n"));
        }
        long bundles = bundleContext.getBundles().length;
        long activeOnPage = value(page, "qenex_bundles{state=\"active\"}");
        assertTrue(activeOnPage + " of " + bundles, activeOnPage > 0 && activeOnPage <= bundles);
        assertTrue("the kernel's checks are on the page", page.contains("qenex_health_check_status{check=\""));

        // A scrape token: an API token with the role viewer.
        HttpResponse<String> created = post("/api/v1/tokens", JSON.writeValueAsString(Map.of("name", "prometheus",
                "roles", java.util.List.of("viewer"), "expires", "30d")), VIEWER, PASSWORD);
        assertEquals(created.body(), 201, created.statusCode());
        String token = json(created).path("token").asText();
        HttpResponse<String> byToken = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/metrics"))
                .header("Authorization", "Bearer " + token).GET(), null, null);
        assertEquals(200, byToken.statusCode());
        assertTrue(byToken.body().contains("# TYPE qenex_chain_height gauge\n"));
    }

    @Test
    public void restRequestsAreCountedByRouteDefaultAlertsAreLoadedAndTheLogIsSearchableByRequestId() throws Exception {
        await("the monitoring bundle active", () -> bundle("org.qenex.monitoring").getState() == Bundle.ACTIVE);
        String admin = ADMIN;
        String password = adminPassword();
        // A failed login is logged at WARN while its request id (the client's own) is in the MDC.
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/status"))
                .header("X-Request-Id", "metrics-it-log-1").GET(), "nobody-" + System.nanoTime(), "wrong password");
        assertEquals(401, refused.statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/api/v1/status", admin, password).statusCode());
        }
        assertEquals(404, get("/api/v1/no/such/route/" + System.nanoTime(), admin, password).statusCode());
        String page = get("/api/v1/metrics", admin, password).body();
        assertTrue(page, page.contains("# TYPE qenex_rest_request_duration_seconds histogram\n"));
        long statusCount = value(page, "qenex_rest_request_duration_seconds_count{method=\"GET\",route=\"/v1/status\",status=\"200\"}");
        assertTrue("three status calls at least: " + statusCount, statusCount >= 3);
        assertTrue("an unknown path is counted as route none, not as itself",
                value(page, "qenex_rest_request_duration_seconds_count{method=\"GET\",route=\"none\",status=\"404\"}") >= 1);
        assertTrue(!page.contains("/no/such/route"));

        HttpResponse<String> alerts = get("/api/v1/alerts", admin, password);
        assertEquals(alerts.body(), 200, alerts.statusCode());
        java.util.Set<String> names = new java.util.TreeSet<>();
        json(alerts).path("alerts").forEach(alert -> names.add(alert.path("name").asText()));
        assertTrue("the distribution's default rules: " + names, names.containsAll(java.util.List.of("heap-almost-full",
                "disk-almost-full", "part-quarantined", "no-block", "rest-errors")));
        assertTrue(shellAsAdmin("qenex:alerts").contains("heap-almost-full"));

        await("the refused login's log line, found by its request id", () -> {
            try {
                HttpResponse<String> logs = get("/api/v1/logs?grep=metrics-it-log-1&level=WARN", admin, password);
                return logs.statusCode() == 200 && json(logs).path("lines").size() > 0
                        && "metrics-it-log-1".equals(json(logs).path("lines").get(0).path("requestId").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertJsonError(get("/api/v1/logs?n=5000", admin, password), 400, "bad_query");
        assertTrue(shellAsAdmin("qenex:logs --grep metrics-it-log-1 -n 5").contains("requestId=metrics-it-log-1"));
    }

    /**
     * The whole page through the monitoring tests' strict parser, the families of issue 13 with
     * their types and units, and the new histograms moving as blocks, commits and a backup happen.
     */
    @Test
    public void thePageParsesStrictlyAndTheChainAndStorageHistogramsMove() throws Exception {
        await("the monitoring bundle active", () -> bundle("org.qenex.monitoring").getState() == Bundle.ACTIVE);
        String admin = ADMIN;
        String password = adminPassword();
        await("a block imported since monitoring started", () -> count(parsed(admin, password), "qenex_chain_block_import_seconds") > 0);
        Map<String, TextFormat.Family> before = parsed(admin, password);
        Map<String, String> types = new java.util.LinkedHashMap<>();
        types.put("qenex_chain_block_import_seconds", "histogram");
        types.put("qenex_storage_commit_duration_seconds", "histogram");
        types.put("qenex_rest_request_duration_seconds", "histogram");
        types.put("qenex_chain_transactions_total", "counter");
        types.put("qenex_chain_blocks_total", "counter");
        types.put("qenex_storage_journal_bytes", "gauge");
        types.put("qenex_storage_index_bytes", "gauge");
        types.put("qenex_storage_backups", "gauge");
        types.put("qenex_storage_backup_runs_total", "counter");
        types.forEach((name, type) -> {
            assertTrue(name + " on the page", before.containsKey(name));
            assertEquals(name, type, before.get(name).type());
        });
        assertTrue(before.get("qenex_storage_journal_bytes").value() > 0);

        // a backup over REST: counted, timed, its end noted
        double backupsBefore = before.get("qenex_storage_backup_runs_total").value("outcome", "succeeded");
        HttpResponse<String> backup = post("/api/v1/storage/backups", "", admin, password);
        assertEquals(backup.body(), 201, backup.statusCode());
        long blockCount = count(before, "qenex_chain_block_import_seconds");
        long commitCount = count(before, "qenex_storage_commit_duration_seconds");
        await("another block imported (one every 5 s)", () -> count(parsed(admin, password), "qenex_chain_block_import_seconds") > blockCount);
        Map<String, TextFormat.Family> after = parsed(admin, password);
        assertTrue("a block's batch and the backup's bookkeeping are commits",
                count(after, "qenex_storage_commit_duration_seconds") > commitCount);
        assertTrue(sum(after, "qenex_chain_block_import_seconds") > 0);
        assertEquals(backupsBefore + 1, after.get("qenex_storage_backup_runs_total").value("outcome", "succeeded"), 0);
        assertTrue(after.get("qenex_storage_last_backup_duration_seconds").value() > 0);
        double finished = after.get("qenex_storage_last_backup_success_timestamp_seconds").value();
        assertTrue("the backup just finished: " + finished, Math.abs(finished - System.currentTimeMillis() / 1000.0) < 300);

        // the node's own history of the console's figures (a viewer may read it)
        await("the node's history has samples", () -> {
            try {
                return json(get("/api/v1/metrics/history", admin, password)).path("time").size() >= 2;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        com.fasterxml.jackson.databind.JsonNode history = json(get("/api/v1/metrics/history", admin, password));
        assertEquals(10, history.path("periodSeconds").asInt());
        assertEquals(360, history.path("capacity").asInt());
        assertEquals(history.path("time").size(), history.path("series").path("heap.used").size());
        assertTrue(history.toString(), history.path("series").path("heap.used").get(0).asDouble() > 0);
        long last = history.path("time").get(history.path("time").size() - 1).asLong();
        assertEquals("after= gives only newer samples", 0, json(get("/api/v1/metrics/history?after=" + last, admin, password))
                .path("time").size());
        assertJsonError(get("/api/v1/metrics/history?after=yesterday", admin, password), 400, "bad_query");
    }

    private Map<String, TextFormat.Family> parsed(String user, String password) {
        try {
            HttpResponse<String> response = get("/api/v1/metrics", user, password);
            assertEquals(200, response.statusCode());
            return TextFormat.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Map<String, TextFormat.Family> page, String histogram) {
        return (long) sample(page, histogram, "_count");
    }

    private static double sum(Map<String, TextFormat.Family> page, String histogram) {
        return sample(page, histogram, "_sum");
    }

    private static double sample(Map<String, TextFormat.Family> page, String histogram, String suffix) {
        TextFormat.Family family = page.get(histogram);
        if (family == null) {
            return 0;
        }
        return family.samples().stream().filter(s -> s.name().equals(histogram + suffix)).mapToDouble(TextFormat.Sample::value)
                .sum();
    }

    private String page(String user, String password) {
        try {
            HttpResponse<String> response = get("/api/v1/metrics", user, password);
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long value(String page, String series) {
        for (String line : page.split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError(series + " not on the page");
    }
}
