package org.qenex.security.internal.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.node.NodeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link AuditTrail} in {@code ${karaf.data}/qenex/security/audit.jsonl}. */
@Component(service = AuditTrail.class, configurationPid = "org.qenex.security.audit")
@Designate(ocd = AuditConfiguration.class)
public final class FileAuditTrail implements AuditTrail {

    static final String PART = "security:audit";
    private static final Logger LOG = LoggerFactory.getLogger(FileAuditTrail.class);

    private final AuditJournal journal;
    private final boolean syncEachRecord;
    private final long syncIntervalMillis;
    private final ScheduledThreadPoolExecutor syncer;
    /** A sync is scheduled and has not started yet: records appended meanwhile ride on it. */
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final AtomicLong lost = new AtomicLong();

    private final AtomicBoolean tamperReported = new AtomicBoolean();

    @Activate
    public FileAuditTrail(AuditConfiguration config, @Reference NodeContext node) throws IOException {
        this(node.dataFolder(), Clock.systemUTC(), config.syncIntervalMillis());
    }

    FileAuditTrail(Path dir, Clock clock, long syncIntervalMillis) throws IOException {
        this.journal = AuditJournal.open(dir, clock);
        this.syncEachRecord = syncIntervalMillis <= 0;
        this.syncIntervalMillis = syncIntervalMillis;
        // No periodic sync: one is scheduled when a record arrives, so an idle node's syncer never wakes.
        syncer = syncEachRecord ? null : new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "qenex-audit-sync");
            thread.setDaemon(true);
            return thread;
        });
        if (syncer != null) {
            syncer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        VerifyReport found = journal.found();
        if (found.status() != VerifyReport.Status.INTACT) {
            record(new AuditEntry("system", "system", "local", "audit.open",
                    found.status().name().toLowerCase(), found.problem()));
        }
    }

    /** Optional: the kernel hears about a log found tampered with, once, whenever it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindIncidentLog(IncidentLog log) {
        VerifyReport found = journal.found();
        if (found.status() == VerifyReport.Status.TAMPERED && tamperReported.compareAndSet(false, true)) {
            log.report(PART, HealthStatus.DEGRADED, "the audit log was tampered with: " + found.problem(),
                    "recorded in the audit log", "the chain goes on from its last line; qenex:audit verify keeps reporting it");
        }
    }

    void unbindIncidentLog(IncidentLog log) {
        // nothing held
    }

    @Deactivate
    void deactivate() throws IOException {
        if (syncer != null) {
            // Not shutdownNow: interrupting a sync in progress would close the journal's channel under it.
            // A sync not started yet is dropped; closing the journal forces what it would have.
            syncer.shutdown();
            try {
                if (!syncer.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("The audit log's sync did not finish within 5 s; closing the log anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        journal.close();
    }

    @Override
    public void record(AuditEntry entry) {
        AuditEntry clean = new AuditEntry(entry.actor(), entry.route(), entry.address(),
                Redactor.redact(entry.action()), entry.outcome(), Redactor.redact(entry.detail()));
        try {
            journal.append(clean);
            if (syncEachRecord) {
                journal.sync();
            } else {
                scheduleSync();
            }
        } catch (IOException e) {
            long count = lost.incrementAndGet();
            LOG.warn("Audit record {} by {} could not be written ({} lost so far): {}", clean.action(), clean.actor(),
                    count, e.toString());
        }
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) throws IOException {
        return journal.search(query::matches, query.limit());
    }

    @Override
    public VerifyReport verify() throws IOException {
        return journal.verify();
    }

    @Override
    public Path location() {
        return journal.file();
    }

    @Override
    public long lost() {
        return lost.get();
    }

    private void scheduleSync() {
        if (syncPending.compareAndSet(false, true)) {
            try {
                syncer.schedule(() -> {
                    syncPending.set(false); // before syncing: a record appended during the sync schedules the next
                    syncQuietly();
                }, syncIntervalMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                syncPending.set(false); // deactivating: closing the journal forces it
            }
        }
    }

    /** Syncs scheduled and not started yet: 0 or 1. */
    int pendingSyncs() {
        return syncer == null ? 0 : syncer.getQueue().size();
    }

    void syncQuietly() {
        try {
            journal.sync();
        } catch (IOException e) {
            LOG.warn("The audit log could not be forced to disk: {}", e.toString());
        }
    }
}
