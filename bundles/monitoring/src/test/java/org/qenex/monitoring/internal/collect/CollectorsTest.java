package org.qenex.monitoring.internal.collect;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.qenex.api.chain.ChainView;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.improvement.TaskScore;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;

/** Every collector's families, written by the library and read back by the strict parser. */
public class CollectorsTest {

    private static final Pattern UNIT_WORD = Pattern.compile("_(seconds|bytes)(_|$)");

    @Test
    public void jvmAndProcessFamiliesHaveTheirTypesAndUnits() throws Exception {
        Map<String, TextFormat.Family> page = page(List.of(new JvmCollector()));
        assertFamily(page, "jvm_memory_used_bytes", "gauge");
        assertTrue(page.get("jvm_memory_used_bytes").value("area", "heap") > 0);
        assertFamily(page, "jvm_memory_committed_bytes", "gauge");
        assertTrue(page.get("jvm_memory_max_bytes").value("area", "heap")
                >= page.get("jvm_memory_used_bytes").value("area", "heap"));
        assertTrue(page.get("jvm_threads_current").value() >= 1);
        assertFamily(page, "jvm_threads_daemon", "gauge");
        assertFamily(page, "jvm_threads_peak", "gauge");
        assertFamily(page, "jvm_gc_collections_total", "counter");
        assertFamily(page, "jvm_gc_collection_seconds_total", "counter");
        assertFalse(page.get("jvm_gc_collections_total").samples().isEmpty());
        assertTrue(page.get("process_start_time_seconds").value() > 1.6e9);
        assertTrue(page.get("process_uptime_seconds").value() > 0);
        // HotSpot on Linux, as the node runs: the com.sun.management figures are there.
        assertTrue(page.get("process_cpu_seconds_total").value() > 0);
        assertEquals("counter", page.get("process_cpu_seconds_total").type());
        assertTrue(page.get("process_open_fds").value() > 0);
        assertTrue(page.get("process_max_fds").value() >= page.get("process_open_fds").value());
        assertFamily(page, "process_available_processors", "gauge");
        assertNamingRules(page);
    }

    @Test
    public void bundlesAreCountedByState() throws Exception {
        Bundle active = bundle(Bundle.ACTIVE);
        Bundle resolved = bundle(Bundle.RESOLVED);
        BundleContext context = Fakes.of(BundleContext.class,
                Map.of("getBundles", new Bundle[] {active, active, resolved}));
        Map<String, TextFormat.Family> page = page(List.of(new BundleCollector(context)));
        assertFamily(page, "qenex_bundles", "gauge");
        assertEquals(2, page.get("qenex_bundles").value("state", "active"), 0);
        assertEquals(1, page.get("qenex_bundles").value("state", "resolved"), 0);
        assertEquals(0, page.get("qenex_bundles").value("state", "installed"), 0);
        assertEquals(5, page.get("qenex_bundles").samples().size());
        assertNamingRules(page);
    }

    @Test
    public void healthIsOneSeriesPerCheckAndStatusAndIncidentsCountEverySequence() throws Exception {
        HealthCollector health = new HealthCollector();
        health.addCheck(reference("storage", "org.qenex.storage"), () -> HealthResult.up("fine"));
        health.addCheck(reference(null, "org.qenex.chain"), () -> HealthResult.degraded("slow"));
        health.addCheck(reference("optional", "org.qenex.plugin", "false"), () -> HealthResult.down("gone"));
        health.addCheck(reference("broken \"quoted\"", "x"), () -> {
            throw new IllegalStateException("boom");
        });
        health.setIncidents(incidents(List.of(new Incident(7, Instant.EPOCH, "bundle:x", HealthStatus.DOWN, "c", "a", "o"))));
        Map<String, TextFormat.Family> page = page(List.of(health));
        TextFormat.Family status = page.get("qenex_health_check_status");
        assertEquals("gauge", status.type());
        assertEquals(1, status.value("check", "storage", "critical", "true", "status", "UP"), 0);
        assertEquals(0, status.value("check", "storage", "critical", "true", "status", "DOWN"), 0);
        // Without a name property, the registering bundle names the check.
        assertEquals(1, status.value("check", "org.qenex.chain", "critical", "true", "status", "DEGRADED"), 0);
        assertEquals(1, status.value("check", "optional", "critical", "false", "status", "DOWN"), 0);
        // A check that throws counts as DOWN, as HealthCheck's contract says; its name survives escaping.
        assertEquals(1, status.value("check", "broken \"quoted\"", "critical", "true", "status", "DOWN"), 0);
        assertEquals(12, status.samples().size());
        assertEquals(2, page.get("qenex_health_checks").value("status", "DOWN"), 0);
        assertEquals(1, page.get("qenex_health_checks").value("status", "UP"), 0);
        assertEquals("counter", page.get("qenex_incidents_total").type());
        assertEquals(7, page.get("qenex_incidents_total").value(), 0);
        assertNamingRules(page);
    }

    @Test
    public void noIncidentYetIsZeroAndNoIncidentLogLeavesTheFamilyOut() throws Exception {
        HealthCollector health = new HealthCollector();
        IncidentLog empty = incidents(List.of());
        health.setIncidents(empty);
        assertEquals(0, page(List.of(health)).get("qenex_incidents_total").value(), 0);
        health.unsetIncidents(empty);
        Map<String, TextFormat.Family> page = page(List.of(health));
        assertFalse(page.containsKey("qenex_incidents_total"));
        assertEquals(0, page.get("qenex_health_checks").value("status", "UP"), 0);
    }

    @Test
    public void aScrapeOfOtherFamiliesRunsNoHealthCheck() throws Exception {
        HealthCollector health = new HealthCollector();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        health.addCheck(reference("storage", "org.qenex.storage"), () -> {
            runs.incrementAndGet();
            return HealthResult.up("fine");
        });
        health.setIncidents(incidents(List.of()));
        // what the alert engine asks for when its rules read only the quarantine count
        io.prometheus.metrics.model.snapshots.MetricSnapshots some = Scrape.of(List.of(health), HealthCollector.QUARANTINED::equals);
        assertEquals(0, runs.get());
        assertEquals(1, some.size());
        assertEquals(HealthCollector.QUARANTINED, some.get(0).getMetadata().getPrometheusName());
        assertEquals(0, Scrape.of(List.of(health), "qenex_chain_head_age_seconds"::equals).size());
        assertEquals(0, runs.get());
        // a rule on the health status runs the checks once, and gets that family only
        some = Scrape.of(List.of(health), HealthCollector.HEALTH_STATUS::equals);
        assertEquals(1, runs.get());
        assertEquals(1, some.size());
        // the metrics page: every family, every check
        page(List.of(health));
        assertEquals(2, runs.get());
    }

    /**
     * What the alert engine asks for every 10 s with the shipped rules: those families only, and no
     * collector reads anything else (the fakes fail on any call not listed: the backup listing, the
     * network's status, the AI's proofs, the store's commit times).
     */
    @Test
    public void aScrapeForTheShippedRulesReadsAndBuildsOnlyTheirFamilies() throws Exception {
        StorageCollector storage = new StorageCollector(Fakes.of(org.qenex.api.storage.Store.class, Map.of("statistics",
                new org.qenex.api.storage.StoreStatistics(List.of(), 10, 5, 3, 300, 4096, 8192, 77, 1_000_000))));
        storage.setBackups(Fakes.of(org.qenex.api.storage.BackupService.class, Map.of("activity",
                org.qenex.api.storage.BackupActivity.NONE)));
        NetworkCollector network = new NetworkCollector(Fakes.of(org.qenex.api.network.PeerNetwork.class, Map.of()));
        AiCollector ai = new AiCollector(Fakes.of(org.qenex.api.improvement.ImprovementSource.class, Map.of()));
        BundleCollector bundles = new BundleCollector(Fakes.of(org.osgi.framework.BundleContext.class, Map.of()));
        org.qenex.monitoring.internal.rest.RestMetrics rest = new org.qenex.monitoring.internal.rest.RestMetrics();
        rest.served("GET", "/v1/status", 200, 1_000_000);
        java.util.Set<String> shipped = java.util.Set.of("qenex_storage_disk_free_bytes", "jvm_memory_used_bytes",
                "jvm_memory_max_bytes", "qenex_chain_head_age_seconds", "qenex_rest_responses");
        io.prometheus.metrics.model.snapshots.MetricSnapshots scrape = Scrape.of(List.of(storage, network, ai, bundles, rest,
                new JvmCollector(), new ChainActivity(), new AiActivity()), shipped::contains);
        assertEquals(shipped, scrape.stream().map(f -> f.getMetadata().getPrometheusName())
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(0, Scrape.of(List.of(storage, network, ai, bundles), "qenex_chain_height"::equals).size());
    }

    @Test
    public void chainAndAiFiguresComeFromTheirServices() throws Exception {
        ChainView chain = Fakes.of(ChainView.class, Map.of("chainId", "qenex-local", "height", 42L,
                "pendingTransactions", 3, "mintedUnits", 5_000_000_000L, "maxSupplyUnits", 2_100_000_000_000_000L));
        ImprovementSource ai = new GrowingSource(proofs(4));
        Map<String, TextFormat.Family> page = page(List.of(new ChainCollector(chain), new AiCollector(ai)));
        assertEquals(1, page.get("qenex_chain_info").value("chain_id", "qenex-local"), 0);
        assertEquals(42, page.get("qenex_chain_height").value(), 0);
        assertEquals(3, page.get("qenex_chain_mempool_transactions").value(), 0);
        assertEquals(5_000_000_000L, page.get("qenex_chain_minted_base_units").value(), 0);
        assertEquals(2_100_000_000_000_000L, page.get("qenex_chain_max_supply_base_units").value(), 0);
        assertEquals(4, page.get("qenex_ai_accepted_improvements").value(), 0);
        for (TextFormat.Family family : page.values()) {
            assertEquals(family.name(), "gauge", family.type());
        }
        assertNamingRules(page);
    }

    @Test
    public void aScrapeAsksTheAiOnlyForTheProofsAfterTheLastItSaw() throws Exception {
        List<ImprovementProof> all = proofs(3);
        GrowingSource ai = new GrowingSource(new ArrayList<>(all.subList(0, 2)));
        AiCollector collector = new AiCollector(ai);
        assertEquals(2, page(List.of(collector)).get("qenex_ai_accepted_improvements").value(), 0);
        ai.accepted.add(all.get(2));
        assertEquals(3, page(List.of(collector)).get("qenex_ai_accepted_improvements").value(), 0);
        assertEquals(3, page(List.of(collector)).get("qenex_ai_accepted_improvements").value(), 0);
        assertEquals(Arrays.asList(null, all.get(1).id(), all.get(2).id()), ai.asked);

        // a source that no longer knows the cursor answers its whole history: counted once, not added
        ai.accepted.subList(1, 3).clear();
        ai.forget = true;
        assertEquals(1, page(List.of(collector)).get("qenex_ai_accepted_improvements").value(), 0);
    }

    private static List<ImprovementProof> proofs(int count) {
        List<ImprovementProof> proofs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            proofs.add(new ImprovementProof(String.valueOf((char) ('a' + i)).repeat(64), "0".repeat(64), "{}",
                    List.of(new TaskScore("task", "1", "c".repeat(64), 500_000, 600_000)), "qx1contributor", 1L,
                    "f".repeat(64), "{}", "", ""));
        }
        return proofs;
    }

    /** The AI's accepted proofs, appended to by the test; records the cursor of every question. */
    private static final class GrowingSource implements ImprovementSource {
        final List<ImprovementProof> accepted;
        final List<String> asked = new ArrayList<>();
        boolean forget;

        GrowingSource(List<ImprovementProof> accepted) {
            this.accepted = new ArrayList<>(accepted);
        }

        @Override
        public List<ImprovementProof> acceptedProofs() {
            return List.copyOf(accepted);
        }

        @Override
        public List<ImprovementProof> acceptedProofsAfter(String lastSeenId) {
            asked.add(lastSeenId);
            return ImprovementSource.super.acceptedProofsAfter(forget ? null : lastSeenId);
        }

        @Override
        public void requestWork(String contributor) {
            throw new AssertionError("a collector only reads");
        }
    }

    @Test
    public void aFailingOrRepeatingCollectorLosesOnlyItsOwnMetrics() throws Exception {
        MultiCollector failing = () -> {
            throw new IllegalStateException("broken plugin");
        };
        ChainView chain = Fakes.of(ChainView.class, Map.of("chainId", "c", "height", 1L,
                "pendingTransactions", 0, "mintedUnits", 0L, "maxSupplyUnits", 1L));
        ChainView other = Fakes.of(ChainView.class, Map.of("chainId", "other", "height", 9L,
                "pendingTransactions", 0, "mintedUnits", 0L, "maxSupplyUnits", 1L));
        Map<String, TextFormat.Family> page = page(List.of(failing, new ChainCollector(chain), new ChainCollector(other)));
        assertEquals(1, page.get("qenex_chain_height").value(), 0);
        assertEquals(1, page.get("qenex_chain_height").samples().size());
    }

    /**
     * The page of a node with every collector, kept as {@code target/metrics-sample.prom} so that it
     * can also be checked by Prometheus' own tool: {@code promtool check metrics < target/metrics-sample.prom}.
     */
    @Test
    public void theWholePageOfANodeIsValidAndKeptForPromtool() throws Exception {
        HealthCollector health = new HealthCollector();
        health.addCheck(reference("storage", "org.qenex.storage"), () -> HealthResult.up("fine"));
        health.setIncidents(incidents(List.of(new Incident(2, Instant.EPOCH, "p", HealthStatus.DEGRADED, "c", "a", "o"))));
        ChainView chain = Fakes.of(ChainView.class, Map.of("chainId", "qenex-local", "height", 42L,
                "pendingTransactions", 3, "mintedUnits", 5_000_000_000L, "maxSupplyUnits", 2_100_000_000_000_000L));
        BundleContext context = Fakes.of(BundleContext.class, Map.of("getBundles", new Bundle[] {bundle(Bundle.ACTIVE)}));
        List<MultiCollector> all = List.of(new JvmCollector(), new BundleCollector(context), health, new ChainCollector(chain),
                new AiCollector(new GrowingSource(List.of())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, Scrape.of(all), EscapingScheme.UNDERSCORE_ESCAPING);
        Map<String, TextFormat.Family> page = TextFormat.parse(out.toString(StandardCharsets.UTF_8));
        assertNamingRules(page);
        assertTrue(page.keySet().toString(), page.size() >= 24);
        java.nio.file.Files.write(java.nio.file.Path.of("target", "metrics-sample.prom"), out.toByteArray());
    }

    /** Prometheus' naming rules: base units as suffixes, counters end in _total, HELP says something. */
    static void assertNamingRules(Map<String, TextFormat.Family> page) {
        for (TextFormat.Family family : page.values()) {
            String name = family.name();
            assertFalse(name + " has an empty HELP", family.help().isBlank());
            assertEquals(name + ": counters, and only they, end in _total", "counter".equals(family.type()),
                    name.endsWith("_total"));
            String withoutTotal = name.replaceFirst("_total$", "");
            if (UNIT_WORD.matcher(withoutTotal).find()) {
                assertTrue(name + ": a unit is the last word before _total",
                        withoutTotal.endsWith("_seconds") || withoutTotal.endsWith("_bytes"));
            }
            assertFalse(name + ": milliseconds are not a base unit", name.contains("millis"));
        }
    }

    static void assertFamily(Map<String, TextFormat.Family> page, String name, String type) {
        assertNotNull(name + " missing from " + page.keySet(), page.get(name));
        assertEquals(name, type, page.get(name).type());
    }

    static Map<String, TextFormat.Family> page(List<MultiCollector> collectors) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, Scrape.of(collectors), EscapingScheme.UNDERSCORE_ESCAPING);
        return TextFormat.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static Bundle bundle(int state) {
        return Fakes.of(Bundle.class, Map.of("getState", state));
    }

    private static ServiceReference<HealthCheck> reference(String name, String symbolicName) {
        return reference(name, symbolicName, null);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<HealthCheck> reference(String name, String symbolicName, String critical) {
        Bundle bundle = Fakes.of(Bundle.class, Map.of("getSymbolicName", symbolicName));
        Map<String, Object> answers = new java.util.HashMap<>();
        answers.put("getBundle", bundle);
        answers.put("getProperty", (Fakes.Answer) args -> HealthCheck.NAME.equals(args[0]) ? name
                : HealthCheck.CRITICAL.equals(args[0]) ? critical : null);
        answers.put("hashCode", System.identityHashCode(answers));
        answers.put("equals", (Fakes.Answer) args -> false);
        return Fakes.of(ServiceReference.class, answers);
    }

    private static IncidentLog incidents(List<Incident> newestFirst) {
        return Fakes.of(IncidentLog.class, Map.of("recent", (Fakes.Answer) args ->
                newestFirst.subList(0, Math.min((Integer) args[args.length - 1], newestFirst.size()))));
    }
}
