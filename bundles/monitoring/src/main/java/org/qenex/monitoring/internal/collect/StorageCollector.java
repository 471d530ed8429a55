package org.qenex.monitoring.internal.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.api.storage.BackupActivity;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.CommitTimes;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The embedded store's files, cache, commit times and backups, from {@link Store#statistics()},
 * {@link Store#commitTimes()}, {@link BackupService#list()} and {@link BackupService#activity()}. The store's figures are the whole store's (only its namespace list
 * is per bundle); backups are optional so that the store's figures show while the backup service
 * restarts.
 */
@Component(service = MultiCollector.class)
public final class StorageCollector implements MultiCollector {

    private final Store store;
    private volatile BackupService backups;

    @Activate
    public StorageCollector(@Reference Store store) {
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setBackups(BackupService service) {
        backups = service;
    }

    void unsetBackups(BackupService service) {
        if (backups == service) {
            backups = null;
        }
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    /** Only the families asked for: the alert engine's scrape reads the free disk, not the backups' folder listing. */
    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        Families.Selection families = Families.select(included);
        if (STATISTICS.stream().anyMatch(families::wants)) {
            statisticsFamilies(store.statistics(), families);
        }
        families.add("qenex_storage_commit_duration_seconds", () -> commitTimes(store.commitTimes()));
        BackupService service = backups;
        if (service != null) {
            backupFamilies(service, families);
        }
        return families.snapshots();
    }

    /** The families {@link Store#statistics()} gives. */
    private static final List<String> STATISTICS = List.of("qenex_storage_journal_bytes", "qenex_storage_index_bytes",
            "qenex_storage_disk_free_bytes", "qenex_storage_cache_hits", "qenex_storage_cache_misses",
            "qenex_storage_cache_bytes");

    private static void statisticsFamilies(StoreStatistics stats, Families.Selection families) {
        families.add("qenex_storage_journal_bytes", () -> Families.gauge("qenex_storage_journal_bytes",
                "Size of the store's commit journal on disk.", Unit.BYTES, stats.journalBytes()));
        families.add("qenex_storage_index_bytes", () -> Families.gauge("qenex_storage_index_bytes",
                "Size of the store's index files on disk.", Unit.BYTES, stats.indexBytes()));
        families.add("qenex_storage_disk_free_bytes", () -> Families.gauge("qenex_storage_disk_free_bytes",
                "Usable space left on the disk that holds the store.", Unit.BYTES, stats.diskFreeBytes()));
        families.add("qenex_storage_cache_hits", () -> Families.counter("qenex_storage_cache_hits",
                "Reads answered by the store's read cache since it opened.", null, stats.cacheHits()));
        families.add("qenex_storage_cache_misses", () -> Families.counter("qenex_storage_cache_misses",
                "Reads that went to the index since the store opened.", null, stats.cacheMisses()));
        families.add("qenex_storage_cache_bytes", () -> Families.gauge("qenex_storage_cache_bytes",
                "Value bytes now in the store's read cache.", Unit.BYTES, stats.cacheBytes()));
    }

    private static void backupFamilies(BackupService service, Families.Selection families) {
        // The listing reads the backup folder: only for a scrape that takes one of its families.
        List<BackupInfo> retained = families.wants("qenex_storage_backups")
                || families.wants("qenex_storage_last_backup_timestamp_seconds")
                || families.wants("qenex_storage_last_backup_size_bytes") ? service.list() : List.of();
        families.add("qenex_storage_backups", () -> Families.gauge("qenex_storage_backups",
                "Backups retained (oldest first in qenex:backup list).", null, retained.size()));
        BackupActivity activity = service.activity();
        families.add("qenex_storage_backup_runs", () -> Families.counter("qenex_storage_backup_runs",
                "Backups attempted since the storage service started, by outcome.", null, "outcome",
                orderedMap("succeeded", activity.succeeded(), "failed", activity.failed())));
        if (activity.lastSuccess() != null) {
            families.add("qenex_storage_last_backup_success_timestamp_seconds", () -> Families.gauge(
                    "qenex_storage_last_backup_success_timestamp_seconds",
                    "When the newest backup that completed since start finished, seconds since the Unix epoch.",
                    Unit.SECONDS, activity.lastSuccess().toEpochMilli() / 1000.0));
        }
        if (activity.lastDuration() != null) {
            families.add("qenex_storage_last_backup_duration_seconds", () -> Families.gauge(
                    "qenex_storage_last_backup_duration_seconds",
                    "How long the newest backup attempt since start took, completed or failed.", Unit.SECONDS,
                    activity.lastDuration().toNanos() / 1e9));
        }
        if (!retained.isEmpty()) {
            BackupInfo newest = retained.get(retained.size() - 1);
            families.add("qenex_storage_last_backup_timestamp_seconds", () -> Families.gauge(
                    "qenex_storage_last_backup_timestamp_seconds",
                    "When the newest retained backup's snapshot was taken, seconds since the Unix epoch.", Unit.SECONDS,
                    newest.created().toEpochMilli() / 1000.0));
            families.add("qenex_storage_last_backup_size_bytes", () -> Families.gauge("qenex_storage_last_backup_size_bytes",
                    "Size of the newest backup's archive.", Unit.BYTES, newest.sizeBytes()));
        }
    }

    private static HistogramSnapshot commitTimes(CommitTimes times) {
        double[] bounds = new double[times.boundsSeconds().size()];
        long[] counts = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = times.boundsSeconds().get(i);
            counts[i] = times.counts().get(i);
        }
        return HistogramSnapshot.builder().name("qenex_storage_commit_duration_seconds")
                .help("Time from a batch's commit call to the batch durable in the journal (group commit and fsync "
                        + "included), every bundle's, since the store opened.")
                .unit(Unit.SECONDS)
                .dataPoint(HistogramDataPointSnapshot.builder().classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(times.sumSeconds()).build())
                .build();
    }

    private static Map<String, Long> orderedMap(String k1, long v1, String k2, long v2) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put(k1, v1);
        values.put(k2, v2);
        return values;
    }
}
