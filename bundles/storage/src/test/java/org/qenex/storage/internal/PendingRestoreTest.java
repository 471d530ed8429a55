package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.time.Instant;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.BackupActivity;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.CommitTimes;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.StorageException;

/** A restore asked for while the store serves is done when it next opens; the figures monitoring reads. */
public class PendingRestoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestStores.Incidents incidents = new TestStores.Incidents();

    private static Namespace<String, String> ns(StorageComponent storage) {
        return TestStores.store(storage, "org.example.test").namespace("state", Codecs.STRING, Codecs.STRING);
    }

    @Test
    public void aRequestedRestoreChangesNothingUntilTheStoreReopens() {
        EngineSettings settings = TestStores.settings(folder.getRoot().toPath());
        StorageComponent storage = TestStores.storage(settings, incidents);
        ns(storage).put("balance", "100");
        BackupInfo backup = storage.backup();
        ns(storage).put("balance", "7");

        storage.requestRestore(backup.id(), null, "root");
        assertEquals("still serving what it holds", "7", ns(storage).get("balance").orElseThrow());
        assertEquals(backup.id(), storage.pendingRestore().orElseThrow().backupId());
        storage.close();

        StorageComponent reopened = TestStores.storage(settings, incidents);
        try {
            assertEquals("restored before anything read it", "100", ns(reopened).get("balance").orElseThrow());
            assertTrue("done once", reopened.pendingRestore().isEmpty());
            assertTrue(incidents.reported.toString(), incidents.any("store restored from backup " + backup.id()));
        } finally {
            reopened.close();
        }
    }

    @Test
    public void badRequestsAreRefusedAtOnceAndAWithdrawnOneIsNotDone() {
        EngineSettings settings = TestStores.settings(folder.getRoot().toPath());
        StorageComponent storage = TestStores.storage(settings, incidents);
        try {
            expectCode(StorageException.UNKNOWN_BACKUP, () -> storage.requestRestore("20260101T000000000Z-1", null, "root"));
            expectCode(StorageException.RESTORE_BEFORE_OLDEST_BACKUP,
                    () -> storage.requestRestore(null, Instant.parse("2000-01-01T00:00:00Z"), "root"));
            expectCode(StorageException.INVALID_ARGUMENT, () -> storage.requestRestore(null, null, "root"));
            assertTrue(storage.pendingRestore().isEmpty());

            ns(storage).put("balance", "100");
            storage.backup();
            ns(storage).put("balance", "7");
            expectCode(StorageException.INVALID_ARGUMENT, () -> storage.requestRestore(null, Instant.now().plusSeconds(3600), "root"));
            expectCode(StorageException.INVALID_ARGUMENT,
                    () -> storage.requestRestore(null, Instant.parse("+999999999-12-31T23:59:59Z"), "root"));
            assertTrue("a future time is not recorded", storage.pendingRestore().isEmpty());
            storage.requestRestore(null, Instant.now(), "root");
            assertTrue(storage.cancelRestore());
            assertFalse("nothing left to withdraw", storage.cancelRestore());
        } finally {
            storage.close();
        }
        StorageComponent reopened = TestStores.storage(settings, incidents);
        try {
            assertEquals("7", ns(reopened).get("balance").orElseThrow());
        } finally {
            reopened.close();
        }
    }

    @Test
    public void aRequestThatCannotBeDoneIsSetAsideAndTheStoreOpensUnchanged() throws Exception {
        EngineSettings settings = TestStores.settings(folder.getRoot().toPath());
        StorageComponent storage = TestStores.storage(settings, incidents);
        ns(storage).put("balance", "7");
        BackupInfo backup = storage.backup();
        storage.requestRestore(backup.id(), null, "root");
        storage.close();
        // the backup disappears before the restart
        Files.delete(folder.getRoot().toPath().resolve("backups").resolve(backup.id() + ".zip"));

        StorageComponent reopened = TestStores.storage(settings, incidents);
        try {
            assertEquals("7", ns(reopened).get("balance").orElseThrow());
            assertTrue(reopened.pendingRestore().isEmpty());
            assertTrue(Files.exists(folder.getRoot().toPath().resolve(PendingRestore.FAILED)));
            assertTrue(incidents.reported.toString(), incidents.any("the restore requested by root failed"));
        } finally {
            reopened.close();
        }
    }

    /** A request an earlier version recorded with a time far ahead overflowed the replay and kept the store closed at every start. */
    @Test
    public void aRequestThatFailsInAnyWayNeverKeepsTheStoreClosed() throws Exception {
        EngineSettings settings = TestStores.settings(folder.getRoot().toPath());
        StorageComponent storage = TestStores.storage(settings, incidents);
        ns(storage).put("balance", "7");
        storage.backup();
        storage.close();
        PendingRestore.write(settings, new PendingRestore.Request(null, Instant.parse("+999999999-12-31T23:59:59Z"), Instant.now(), "root"));

        StorageComponent reopened = TestStores.storage(settings, incidents);
        try {
            assertEquals("opened, unchanged", "7", ns(reopened).get("balance").orElseThrow());
            assertTrue(reopened.pendingRestore().isEmpty());
            assertTrue(Files.exists(folder.getRoot().toPath().resolve(PendingRestore.FAILED)));
            assertTrue(incidents.reported.toString(), incidents.any("the restore requested by root failed"));
        } finally {
            reopened.close();
        }
    }

    @Test
    public void commitsAreTimedAndBackupsCounted() {
        StorageComponent storage = TestStores.storage(TestStores.settings(folder.getRoot().toPath()), incidents);
        try {
            Namespace<String, String> ns = ns(storage);
            long before = storage.commitTimes().count();
            for (int i = 0; i < 5; i++) {
                ns.put("k" + i, "v");
            }
            CommitTimes times = TestStores.store(storage, "org.example.test").commitTimes();
            assertEquals("every put is a commit", before + 5, times.count());
            assertTrue(times.sumSeconds() > 0);

            assertEquals(BackupActivity.NONE, storage.activity());
            storage.backup();
            BackupActivity activity = storage.activity();
            assertEquals(1, activity.succeeded());
            assertEquals(0, activity.failed());
            assertTrue(activity.lastDuration().toNanos() > 0);
            assertTrue(activity.lastSuccess() != null && activity.lastFailure() == null);
        } finally {
            storage.close();
        }
    }

    private static void expectCode(String code, Runnable action) {
        try {
            action.run();
            fail("expected " + code);
        } catch (StorageException e) {
            assertEquals(e.getMessage(), code, e.code());
        }
    }
}
