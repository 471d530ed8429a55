package org.qenex.monitoring.internal.collect;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.service.event.Event;
import org.qenex.api.testing.ManualClock;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.storage.BackupActivity;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.CommitTimes;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;

/** The collectors added for issue 13: storage files and backups, chain and AI activity from events, quarantined parts. */
public class ActivityCollectorsTest {

    @Test
    public void storageFiguresAndTheNewestBackup() throws Exception {
        Store store = Fakes.of(Store.class, Map.of("statistics",
                new StoreStatistics(List.of(), 10, 5, 3, 300, 4096, 8192, 77, 1_000_000),
                "commitTimes", new CommitTimes(List.of(0.001, 0.01, Double.POSITIVE_INFINITY), List.of(3L, 1L, 1L), 2.5)));
        StorageCollector storage = new StorageCollector(store);
        Map<String, TextFormat.Family> page = CollectorsTest.page(List.of(storage));
        assertEquals(4096, page.get("qenex_storage_journal_bytes").value(), 0);
        assertEquals(8192, page.get("qenex_storage_index_bytes").value(), 0);
        assertEquals(1_000_000, page.get("qenex_storage_disk_free_bytes").value(), 0);
        assertEquals(10, page.get("qenex_storage_cache_hits_total").value(), 0);
        assertFalse("no backup service, no backup figures", page.containsKey("qenex_storage_backups"));
        TextFormat.Family commits = page.get("qenex_storage_commit_duration_seconds");
        assertEquals("histogram", commits.type());
        assertEquals("cumulative buckets", 3, commits.value("le", "0.001"), 0);
        assertEquals(4, commits.value("le", "0.01"), 0);
        assertEquals(5, commits.value("le", "+Inf"), 0);

        BackupService backups = Fakes.of(BackupService.class, Map.of("list", List.of(
                new BackupInfo("b1", Instant.ofEpochSecond(1000), 1, 1, 1, 10),
                new BackupInfo("b2", Instant.ofEpochSecond(2000), 2, 1, 1, 20)),
                "activity", new BackupActivity(3, 1, Instant.ofEpochSecond(2001), Duration.ofMillis(1500), "disk full")));
        storage.setBackups(backups);
        page = CollectorsTest.page(List.of(storage));
        assertEquals(2, page.get("qenex_storage_backups").value(), 0);
        assertEquals(2000, page.get("qenex_storage_last_backup_timestamp_seconds").value(), 0);
        assertEquals(20, page.get("qenex_storage_last_backup_size_bytes").value(), 0);
        assertEquals(3, page.get("qenex_storage_backup_runs_total").value("outcome", "succeeded"), 0);
        assertEquals(1, page.get("qenex_storage_backup_runs_total").value("outcome", "failed"), 0);
        assertEquals(2001, page.get("qenex_storage_last_backup_success_timestamp_seconds").value(), 0);
        assertEquals(1.5, page.get("qenex_storage_last_backup_duration_seconds").value(), 1e-9);
        CollectorsTest.assertNamingRules(page);
    }

    @Test
    public void blocksCountTheirTransactionsAndTheHeadAgeFollowsTheNewestBlock() throws Exception {
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(100_000));
        ChainActivity chain = new ChainActivity(clock);
        clock.set(Instant.ofEpochMilli(130_000));
        assertEquals("before any block the age counts from the start", 30,
                CollectorsTest.page(List.of(chain)).get("qenex_chain_head_age_seconds").value(), 0);
        chain.handleEvent(new Event(QenexTopics.BLOCK, Map.of(QenexTopics.HEIGHT, 1L, QenexTopics.TIME, 125_000L,
                QenexTopics.TRANSACTIONS, 40)));
        chain.handleEvent(new Event(QenexTopics.BLOCK, Map.of(QenexTopics.HEIGHT, 2L, QenexTopics.TIME, 128_000L,
                QenexTopics.TRANSACTIONS, 2)));
        Map<String, TextFormat.Family> page = CollectorsTest.page(List.of(chain));
        assertEquals(2, page.get("qenex_chain_blocks_total").value(), 0);
        assertEquals(42, page.get("qenex_chain_transactions_total").value(), 0);
        assertEquals(2, page.get("qenex_chain_head_age_seconds").value(), 0);
        assertEquals("no block carried an import time", 0,
                page.get("qenex_chain_block_import_seconds").value(), 0);
        chain.handleEvent(new Event(QenexTopics.BLOCK, Map.of(QenexTopics.HEIGHT, 3L, QenexTopics.TIME, 129_000L,
                QenexTopics.TRANSACTIONS, 0, QenexTopics.IMPORT_NANOS, 30_000_000L)));
        page = CollectorsTest.page(List.of(chain));
        TextFormat.Family imports = page.get("qenex_chain_block_import_seconds");
        assertEquals("histogram", imports.type());
        assertEquals(0, imports.value("le", "0.025"), 0);
        assertEquals(1, imports.value("le", "0.05"), 0);
        assertEquals(0.03, page.get("qenex_chain_block_import_seconds").samples().stream()
                .filter(x -> x.name().equals("qenex_chain_block_import_seconds_sum")).findFirst().orElseThrow().value(), 1e-9);
        CollectorsTest.assertNamingRules(page);
    }

    @Test
    public void candidatesAreCountedByStateAndVersionsByEvent() throws Exception {
        AiActivity ai = new AiActivity();
        for (String state : List.of("QUEUED", "EVALUATING", "ACCEPTED", "QUEUED", "REJECTED")) {
            ai.handleEvent(new Event(QenexTopics.AI_CANDIDATE, Map.of(QenexTopics.ID, "c", QenexTopics.STATE, state)));
        }
        ai.handleEvent(new Event(QenexTopics.AI_VERSION, Map.of(QenexTopics.VERSION, "ab", QenexTopics.ID, "p")));
        Map<String, TextFormat.Family> page = CollectorsTest.page(List.of(ai));
        assertEquals(2, page.get("qenex_ai_candidate_states_total").value("state", "QUEUED"), 0);
        assertEquals(1, page.get("qenex_ai_candidate_states_total").value("state", "REJECTED"), 0);
        assertEquals(1, page.get("qenex_ai_versions_total").value(), 0);
        for (int i = 0; i < AiActivity.MAX_STATES + 3; i++) {
            ai.handleEvent(new Event(QenexTopics.AI_CANDIDATE, Map.of(QenexTopics.STATE, "S" + i)));
        }
        page = CollectorsTest.page(List.of(ai));
        assertEquals("a publisher inventing states cannot grow the page", AiActivity.MAX_STATES + 1,
                page.get("qenex_ai_candidate_states_total").samples().size());
    }

    @Test
    public void networkPeersByDirection() throws Exception {
        org.qenex.api.network.NetworkStatus status = new org.qenex.api.network.NetworkStatus(true, "127.0.0.1", 8333, "key", 1,
                "qenex-local", "genesis", 3, 2, 8, 64, 40, 1);
        NetworkCollector network = new NetworkCollector(Fakes.of(org.qenex.api.network.PeerNetwork.class, Map.of("status", status)));
        Map<String, TextFormat.Family> page = CollectorsTest.page(List.of(network));
        assertEquals(3, page.get("qenex_network_peers").value("direction", "outbound"), 0);
        assertEquals(2, page.get("qenex_network_peers").value("direction", "inbound"), 0);
        assertEquals(1, page.get("qenex_network_listening").value(), 0);
        assertEquals(40, page.get("qenex_network_known_addresses").value(), 0);
        assertEquals(1, page.get("qenex_network_banned_hosts").value(), 0);
        CollectorsTest.assertNamingRules(page);
    }

    @Test
    public void aPartIsQuarantinedUntilANewerIncidentAboutItIsRecorded() throws Exception {
        List<Incident> newestFirst = List.of(
                incident(5, "bundle:a", "heal"),
                incident(4, "bundle:b", "quarantine"),
                incident(3, "bundle:a", "quarantine"),
                incident(2, "bundle:c", "quarantine"),
                incident(1, "bundle:b", "restart"));
        IncidentLog log = Fakes.of(IncidentLog.class, Map.of("recent", (Fakes.Answer) args ->
                newestFirst.subList(0, Math.min((Integer) args[args.length - 1], newestFirst.size()))));
        assertEquals("b and c; a was healed", 2,
                ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) HealthCollector.quarantined(log)).getDataPoints().get(0).getValue(), 0);
    }

    private static Incident incident(long sequence, String part, String action) {
        return new Incident(sequence, Instant.EPOCH, part, HealthStatus.DOWN, "c", action, "o");
    }
}
