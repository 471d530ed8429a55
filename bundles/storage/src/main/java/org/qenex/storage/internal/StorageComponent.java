package org.qenex.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.node.NodeContext;
import org.qenex.api.storage.BackupActivity;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.BackupTamperedException;
import org.qenex.api.storage.CommitTimes;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.RestoreRefusedException;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.StoreUnavailableException;
import org.qenex.api.storage.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's store: it opens the {@link StorageEngine}, serves {@link BackupService} and the
 * store's {@link HealthCheck}, keeps who owns which namespace ({@link NamespaceOwners}), and
 * replaces the engine when a restore swaps the files (close, restore, reopen). Bundles reach it
 * through their own {@link BundleStore} view (the {@link Store} service, bundle scope); the
 * storage bundle's shell commands and REST resource use it directly, as administrators.
 *
 * <p>The component stays active even when the store fails to open: the health check then says
 * DOWN (so the kernel restarts the component, which retries the open) and every call fails with
 * {@code store_unavailable}. Namespace handles and batches reach the engine through
 * {@link #engine()}, so they keep working across a restore. The kernel's {@link IncidentLog} is
 * optional and dynamic.
 */
@Component(service = {StorageComponent.class, BackupService.class, HealthCheck.class}, configurationPid = "org.qenex.storage",
        property = HealthCheck.NAME + "=storage")
@Designate(ocd = StorageConfiguration.class)
public final class StorageComponent implements BackupService, HealthCheck, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageComponent.class);

    private final EngineSettings settings;
    private final IncidentRelay relay = new IncidentRelay();
    private final IncidentSink incidents;
    private final NamespaceOwners owners;
    private final Supplier<StorageEngine> current = this::engine;
    /** Serialises claims and drops, so two bundles never both claim a namespace. */
    private final Object claims = new Object();
    private volatile StorageEngine engine;
    private volatile String openFailure;
    private final AtomicReference<BackupActivity> backupActivity = new AtomicReference<>(BackupActivity.NONE);
    private volatile boolean restoring;

    @Activate
    public StorageComponent(StorageConfiguration config, @Reference NodeContext node) {
        this(settings(config, node.dataFolder()), null, NamespaceOwners.reservations(config.reservedPrefixes()));
    }

    /**
     * Opens the store; if that fails the component still exists, reports DOWN, and every call fails
     * clearly. {@code incidents} {@code null} relays to the kernel's log; tests and tools pass their own.
     */
    public StorageComponent(EngineSettings settings, IncidentSink incidents, Map<String, String> reservedPrefixes) {
        this.settings = settings;
        this.incidents = incidents == null ? relay : incidents;
        this.owners = new NamespaceOwners(reservedPrefixes);
        restoreIfRequested();
        try {
            this.engine = StorageEngine.open(settings, this.incidents);
        } catch (StorageException e) {
            this.openFailure = e.getMessage();
            LOG.error("storage failed to open", e);
        }
    }

    /** The configured {@code directory}, else the bundle's own data folder ({@code ${karaf.data}/qenex/storage}). */
    static EngineSettings settings(StorageConfiguration config, Path dataFolder) {
        Path root = config.directory() == null || config.directory().isBlank() ? dataFolder : Path.of(config.directory());
        return new EngineSettings(root, config.segmentMegabytes() * (1L << 20), config.cacheMegabytes() * (1L << 20),
                config.indexCacheMegabytes() * (1L << 20), Duration.ofSeconds(config.checkpointSeconds()), 20_000, Duration.ofSeconds(config.verifyTimeoutSeconds()),
                config.backupRetainCount(), Duration.ofDays(config.backupRetainDays()), config.diskLowMegabytes() * (1L << 20));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIncidentLog(IncidentLog log) {
        relay.bind(log);
    }

    void unbindIncidentLog(IncidentLog log) {
        relay.unbind(log);
    }

    StorageEngine engine() {
        StorageEngine e = engine;
        if (e == null) {
            throw new StoreUnavailableException(StorageException.STORE_UNAVAILABLE, restoring ? "the store is being restored"
                    : "the store failed to open: " + openFailure);
        }
        return e;
    }

    public EngineSettings settings() {
        return settings;
    }

    // ---- namespaces, as one bundle sees them ----------------------------------------------------

    /** The namespace for {@code claimant}, created and claimed if it has no owner; see {@link NamespaceOwners#open}. */
    <K, V> Namespace<K, V> namespace(NamespaceClaimant claimant, String name, Compression compression, Codec<K> keyCodec,
            Codec<V> valueCodec) {
        // codecs are checked before anything is committed
        NamespaceHandle<K, V> handle = new NamespaceHandle<>(current, InputRules.namespace(name), keyCodec, valueCodec);
        synchronized (claims) {
            owners.open(engine(), claimant, name, compression);
        }
        return handle;
    }

    /** The namespaces {@code claimant} may open: its own and the shared ones. */
    List<String> namespaces(NamespaceClaimant claimant) {
        return owners.owners(engine()).entrySet().stream().filter(e -> NamespaceOwners.visible(claimant, e.getKey(), e.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    /** The store's figures, listing only the namespaces {@code claimant} may open. */
    StoreStatistics statistics(NamespaceClaimant claimant) {
        List<String> visible = namespaces(claimant);
        StoreStatistics all = statistics();
        List<NamespaceStatistics> mine = all.namespaces().stream().filter(n -> visible.contains(n.name())).toList();
        return new StoreStatistics(mine, all.cacheHits(), all.cacheMisses(), all.cacheEntries(), all.cacheBytes(),
                all.journalBytes(), all.indexBytes(), all.lastPosition(), all.diskFreeBytes());
    }

    /** Drops any namespace but the ownership records, whoever owns it (the shell's {@code qenex:storage drop}). */
    public boolean dropAsAdministrator(String name) {
        return drop(null, name);
    }

    /** Drops a namespace; {@code claimant} must own it, {@code null} is an administrator. */
    boolean drop(NamespaceClaimant claimant, String name) {
        boolean dropped;
        synchronized (claims) {
            dropped = owners.drop(engine(), claimant, name);
        }
        if (dropped) {
            LOG.info("namespace {} dropped by {}", name, claimant == null ? "an administrator" : "bundle " + claimant.bundle());
        }
        return dropped;
    }

    // ---- the whole store, for the storage bundle's own commands and REST resource ---------------

    /** Every namespace with its owner ({@code null}: not claimed yet). */
    public Map<String, NamespaceOwner> owners() {
        return owners.owners(engine());
    }

    /** Figures of every namespace. */
    public StoreStatistics statistics() {
        return engine().statistics();
    }

    /** How long commits took since the store (re)opened. */
    public CommitTimes commitTimes() {
        return engine().commitTimes();
    }

    public Batch batch() {
        return new JournalBatch(current);
    }

    // ---- backup and restore ---------------------------------------------------------------------

    @Override
    public BackupInfo backup() {
        long started = System.nanoTime();
        try {
            BackupInfo made = engine().backup();
            backupActivity.updateAndGet(a -> new BackupActivity(a.succeeded() + 1, a.failed(), Instant.now(),
                    Duration.ofNanos(System.nanoTime() - started), null));
            return made;
        } catch (RuntimeException e) {
            backupActivity.updateAndGet(a -> new BackupActivity(a.succeeded(), a.failed() + 1, a.lastSuccess(),
                    Duration.ofNanos(System.nanoTime() - started), String.valueOf(e.getMessage())));
            throw e;
        }
    }

    @Override
    public BackupActivity activity() {
        return backupActivity.get();
    }

    @Override
    public List<BackupInfo> list() {
        return engine().listBackups();
    }

    @Override
    public VerifyResult verify(String id) {
        return engine().verifyBackup(id);
    }

    @Override
    public RestoreResult restore(String id, boolean dependentsStopped) {
        refuseIfLive(dependentsStopped);
        // Refuse bad requests before taking the store offline (the restore checks again, offline).
        VerifyResult check = verify(id);
        if (!check.intact()) {
            throw new BackupTamperedException(StorageException.BACKUP_TAMPERED,
                    "backup " + id + " does not match its manifest: " + String.join("; ", check.problems()));
        }
        return offline(() -> Restorer.restore(settings, id, incidents));
    }

    @Override
    public RestoreResult restoreAt(Instant time, boolean dependentsStopped) {
        refuseIfLive(dependentsStopped);
        if (time == null) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "a restore time is required");
        }
        refuseTimeOutsideBackups(time);
        return offline(() -> Restorer.restoreAt(settings, time, incidents));
    }

    /**
     * Records a restore to be done when the store next opens (at the node's next start), after the
     * same checks the restore makes: the backup exists and verifies, or the time is not before
     * the oldest backup. Replaces an earlier request.
     */
    public PendingRestore.Request requestRestore(String id, Instant time, String user) {
        if ((id == null) == (time == null)) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "give either a backup id or a time, not both");
        }
        if (id != null) {
            VerifyResult check = verify(id);
            if (!check.intact()) {
                throw new BackupTamperedException(StorageException.BACKUP_TAMPERED,
                        "backup " + id + " does not match its manifest: " + String.join("; ", check.problems()));
            }
        } else {
            refuseTimeOutsideBackups(time);
        }
        PendingRestore.Request request = new PendingRestore.Request(id, time, Instant.now(), user);
        PendingRestore.write(settings, request);
        LOG.warn("restore requested by {}: {} at the store's next start", user, id != null ? "backup " + id : "as of " + time);
        return request;
    }

    /** The restore waiting for the next start, if any. */
    public Optional<PendingRestore.Request> pendingRestore() {
        return PendingRestore.read(settings);
    }

    /** Withdraws the waiting restore; {@code false} if there was none. */
    public boolean cancelRestore() {
        return PendingRestore.delete(settings);
    }

    /** Before the store opens, nothing has read it: the one moment a restore touches no live subsystem. */
    private void restoreIfRequested() {
        Optional<PendingRestore.Request> request;
        try {
            request = PendingRestore.read(settings);
        } catch (StorageException e) {
            incidents.report(HealthStatus.DEGRADED, e.getMessage(), "restore request ignored", "store opened unchanged");
            PendingRestore.setAside(settings);
            return;
        }
        if (request.isEmpty()) {
            return;
        }
        PendingRestore.Request r = request.get();
        try {
            RestoreResult result = r.backupId() != null ? Restorer.restore(settings, r.backupId(), incidents)
                    : Restorer.restoreAt(settings, r.at(), incidents);
            PendingRestore.delete(settings);
            LOG.warn("restored at start, as {} requested: from backup {} to position {}; previous files in {}", r.requestedBy(),
                    result.backupId(), result.position(), result.previousState());
        } catch (RuntimeException e) {
            // a StorageException or anything else: the node must start; a request that cannot be done is set aside, never retried
            PendingRestore.setAside(settings);
            incidents.report(HealthStatus.DEGRADED, "the restore requested by " + r.requestedBy() + " failed: " + e.getMessage(),
                    "request kept as " + PendingRestore.FAILED, "store opened unchanged");
            LOG.error("the restore requested by {} failed; the store opens unchanged", r.requestedBy(), e);
        }
    }

    /**
     * A restore time lies between the oldest backup and now: before, nothing holds it; after, it is
     * not a time the store was at (and one far enough ahead overflowed the replay at the next start).
     */
    private void refuseTimeOutsideBackups(Instant time) {
        if (time.isAfter(Instant.now())) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "cannot restore to " + time + ": it is in the future");
        }
        List<BackupInfo> backups = list();
        if (backups.isEmpty() || backups.get(0).created().isAfter(time)) {
            throw new RestoreRefusedException(StorageException.RESTORE_BEFORE_OLDEST_BACKUP, backups.isEmpty()
                    ? "there is no backup to restore from"
                    : "cannot restore to " + time + ": the oldest backup is from " + backups.get(0).created());
        }
    }

    private static void refuseIfLive(boolean dependentsStopped) {
        if (!dependentsStopped) {
            throw new RestoreRefusedException(StorageException.STORE_LIVE, "the store is serving: stop the subsystems that "
                    + "depend on it, then confirm that they are stopped (shell: --dependents-stopped), or restore with "
                    + "the node stopped (offline restore)");
        }
    }

    /** Takes the store offline, runs the restore, and reopens whatever the files now hold. */
    private synchronized RestoreResult offline(Supplier<RestoreResult> restore) {
        StorageEngine open = engine;
        restoring = true;
        engine = null;
        try {
            if (open != null) {
                open.close();
            }
            return restore.get();
        } catch (IOException e) {
            throw new StorageException(StorageException.IO_FAILURE, "could not close the store for restore: " + e.getMessage(), e);
        } finally {
            try {
                engine = StorageEngine.open(settings, incidents);
                openFailure = null;
            } catch (StorageException e) {
                openFailure = e.getMessage();
                LOG.error("storage failed to reopen after a restore", e);
            }
            restoring = false;
        }
    }

    // ---- health and lifecycle -------------------------------------------------------------------

    /** DOWN when the store is not open, else the engine's own view. */
    @Override
    public HealthResult check() {
        StorageEngine e = engine;
        if (e == null) {
            return restoring ? HealthResult.degraded("restore in progress") : HealthResult.down("store failed to open: " + openFailure);
        }
        return e.health();
    }

    public boolean isOpen() {
        return engine != null;
    }

    /** Closes the store (checkpoint, files, lock); DS calls it on deactivation, tests and tools when done. */
    @Deactivate
    @Override
    public synchronized void close() {
        StorageEngine e = engine;
        engine = null;
        openFailure = "closed";
        if (e != null) {
            try {
                e.close();
            } catch (IOException ex) {
                incidents.report(HealthStatus.DEGRADED, "store did not close cleanly: " + ex.getMessage(), "none",
                        "the next open replays the journal");
            }
        }
    }
}
