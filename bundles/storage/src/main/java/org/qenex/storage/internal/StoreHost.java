package org.qenex.storage.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.BackupTamperedException;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.RestoreRefusedException;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.StoreUnavailableException;
import org.qenex.api.storage.VerifyResult;

/**
 * The store as the service registry sees it: it holds the open {@link StorageEngine} and can
 * replace it, which a restore does (close, restore the files, reopen). Namespaces and batches
 * handed out reach the engine through this host, so they keep working across a restore.
 */
public final class StoreHost implements Store, BackupService, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StoreHost.class.getName());

    private final EngineSettings settings;
    private final IncidentSink incidents;
    private final Supplier<StorageEngine> current = this::engine;
    private volatile StorageEngine engine;
    private volatile String openFailure;
    private volatile boolean restoring;

    /** Opens the store; if that fails the host still exists, reports DOWN, and every call fails clearly. */
    public StoreHost(EngineSettings settings, IncidentSink incidents) {
        this.settings = settings;
        this.incidents = incidents;
        try {
            this.engine = StorageEngine.open(settings, incidents);
        } catch (StorageException e) {
            this.openFailure = e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "storage failed to open", e);
        }
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

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return engine().handle(current, name, null, keyCodec, valueCodec);
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec) {
        return engine().handle(current, name, compression, keyCodec, valueCodec);
    }

    @Override
    public List<String> namespaces() {
        return engine().namespaces();
    }

    @Override
    public Batch batch() {
        return new JournalBatch(current);
    }

    @Override
    public StoreStatistics statistics() {
        return engine().statistics();
    }

    @Override
    public BackupInfo backup() {
        return engine().backup();
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
        List<BackupInfo> backups = list();
        if (backups.isEmpty() || backups.get(0).created().isAfter(time)) {
            throw new RestoreRefusedException(StorageException.RESTORE_BEFORE_OLDEST_BACKUP, backups.isEmpty()
                    ? "there is no backup to restore from"
                    : "cannot restore to " + time + ": the oldest backup is from " + backups.get(0).created());
        }
        return offline(() -> Restorer.restoreAt(settings, time, incidents));
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
            }
            restoring = false;
        }
    }

    /** DOWN when the store is not open, else the engine's own view. */
    public HealthResult health() {
        StorageEngine e = engine;
        if (e == null) {
            return restoring ? HealthResult.degraded("restore in progress") : HealthResult.down("store failed to open: " + openFailure);
        }
        return e.health();
    }

    public boolean isOpen() {
        return engine != null;
    }

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
