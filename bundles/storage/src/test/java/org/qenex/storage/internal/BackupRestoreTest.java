package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.VerifyResult;

public class BackupRestoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestStores.Incidents incidents = new TestStores.Incidents();
    private StorageComponent host;

    @Before
    public void open() {
        host = TestStores.storage(TestStores.settings(folder.getRoot().toPath()), incidents);
    }

    @After
    public void close() {
        host.close();
    }

    private Namespace<String, String> ns() {
        return TestStores.store(host, "org.example.test").namespace("state", Compression.DEFLATE, Codecs.STRING, Codecs.STRING);
    }

    private static void expectCode(String code, Runnable action) {
        try {
            action.run();
            fail("expected " + code);
        } catch (StorageException e) {
            assertEquals(e.getMessage(), code, e.code());
        }
    }

    private static void sleepPast(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() <= until) {
            Thread.sleep(5);
        }
    }

    @Test
    public void backupVerifiesAndRestoresExactly() {
        Namespace<String, String> ns = ns();
        ns.put("a", "1");
        ns.put("b", "2");
        TestStores.store(host, "org.example.test").namespace("other", Codecs.STRING, Codecs.STRING).put("x", "y");
        BackupInfo backup = host.backup();
        // state, other, and the ownership records of both
        assertEquals(3, backup.namespaces());
        assertEquals(5, backup.entries());
        assertEquals(List.of(backup), host.list());
        VerifyResult verified = host.verify(backup.id());
        assertTrue(verified.problems().toString(), verified.intact());

        ns.put("a", "changed");
        ns.delete("b");
        TestStores.store(host, "org.example.test").namespace("later", Codecs.STRING, Codecs.STRING).put("z", "z");

        expectCode(StorageException.STORE_LIVE, () -> host.restore(backup.id(), false));
        assertEquals("changed", ns.get("a").orElseThrow());

        RestoreResult result = host.restore(backup.id(), true);
        assertEquals(backup.position(), result.position());
        assertTrue(Files.isDirectory(result.previousState()));
        // The handle taken before the restore still works.
        assertEquals("1", ns.get("a").orElseThrow());
        assertEquals("2", ns.get("b").orElseThrow());
        assertEquals(List.of("other", "state"), TestStores.store(host, "org.example.test").namespaces());
        assertEquals(Compression.DEFLATE, ns.compression());
        ns.put("c", "3");
        assertEquals(3, ns.count());
        assertTrue(incidents.any("store restored"));
    }

    @Test
    public void pointInTimeRestoreReplaysTheJournalUpToTheTime() throws Exception {
        Namespace<String, String> ns = ns();
        ns.put("k", "v1");
        host.backup();
        sleepPast(20);
        ns.put("k", "v2");
        ns.put("only-v2", "x");
        sleepPast(20);
        Instant between = Instant.now();
        sleepPast(20);
        ns.put("k", "v3");
        ns.delete("only-v2");

        RestoreResult result = host.restoreAt(between, true);
        assertEquals(2, result.replayed());
        assertEquals("v2", ns.get("k").orElseThrow());
        assertEquals("x", ns.get("only-v2").orElseThrow());
        assertFalse(result.restoredTo().isAfter(between));

        // The restored history is complete on its own: it reopens, backs up and restores again.
        host.close();
        host = TestStores.storage(TestStores.settings(folder.getRoot().toPath()), incidents);
        assertEquals("v2", ns().get("k").orElseThrow());
        assertEquals(1, host.list().size());
        host.restoreAt(Instant.now(), true);
        assertEquals("v2", ns().get("k").orElseThrow());
    }

    @Test
    public void badRestoreRequestsAreRefusedAndChangeNothing() {
        Namespace<String, String> ns = ns();
        ns.put("k", "v");
        expectCode(StorageException.RESTORE_BEFORE_OLDEST_BACKUP, () -> host.restoreAt(Instant.now(), true));
        BackupInfo backup = host.backup();
        expectCode(StorageException.RESTORE_BEFORE_OLDEST_BACKUP,
                () -> host.restoreAt(backup.created().minusSeconds(3600), true));
        expectCode(StorageException.UNKNOWN_BACKUP, () -> host.restore("20200101T000000000Z-1", true));
        expectCode(StorageException.UNKNOWN_BACKUP, () -> host.verify("20200101T000000000Z-1"));
        expectCode(StorageException.INVALID_ARGUMENT, () -> host.restore("../../etc/passwd", true));
        expectCode(StorageException.STORE_LIVE, () -> host.restoreAt(Instant.now(), false));
        assertEquals("v", ns.get("k").orElseThrow());
        assertTrue(host.isOpen());
    }

    @Test
    public void aTamperedBackupFailsVerificationAndIsNeverRestored() throws Exception {
        Namespace<String, String> ns = ns();
        for (int i = 0; i < 20; i++) {
            ns.put("k" + i, "value " + i);
        }
        BackupInfo backup = host.backup();
        ns.put("k0", "after backup");
        Path archive = folder.getRoot().toPath().resolve("backups").resolve(backup.id() + ".zip");
        rewriteEntry(archive, "namespaces/state.kv");

        VerifyResult result = host.verify(backup.id());
        assertFalse(result.intact());
        assertTrue(result.problems().toString(), result.problems().get(0).contains("namespaces/state.kv"));
        assertTrue(incidents.any("failed verification"));

        expectCode(StorageException.BACKUP_TAMPERED, () -> host.restore(backup.id(), true));
        assertEquals("after backup", ns.get("k0").orElseThrow());
        assertEquals(20, ns.count());
    }

    /** Copies the archive, flipping one byte of one entry's content. */
    private static void rewriteEntry(Path archive, String entryName) throws Exception {
        Path copy = archive.resolveSibling("tampered.tmp");
        try (ZipFile in = new ZipFile(archive.toFile()); OutputStream file = Files.newOutputStream(copy);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] content;
                try (InputStream data = in.getInputStream(e)) {
                    content = data.readAllBytes();
                }
                if (e.getName().equals(entryName)) {
                    content[content.length - 1] ^= 1;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        Files.move(copy, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    public void anOnlineBackupIsConsistentWhileWritesContinue() throws Exception {
        Namespace<Long, Long> ns = TestStores.store(host, "org.example.test").namespace("counters", Codecs.LONG, Codecs.LONG);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (long i = 0; !stop.get(); i++) {
                // Each batch writes three keys that must always appear together.
                host.batch().put(ns, i * 10, i).put(ns, i * 10 + 1, i).put(ns, i * 10 + 2, i).commit();
                written.set(i + 1);
            }
        });
        writer.start();
        while (written.get() < 200) {
            Thread.sleep(5);
        }
        BackupInfo backup = host.backup();
        while (written.get() < backup.position() + 50) {
            Thread.sleep(5);
        }
        stop.set(true);
        writer.join();

        host.restore(backup.id(), true);
        long batches = ns.count() / 3;
        assertEquals("no partial batch", batches * 3, ns.count());
        // Record 1 defines the ownership records' namespace, record 2 the namespace with its
        // owner, so batch i is record i + 3.
        assertEquals(backup.position() - 2, batches);
        for (long i = 0; i < batches; i++) {
            assertEquals(Long.valueOf(i), ns.get(i * 10 + 2).orElseThrow());
        }
        assertFalse(ns.contains(batches * 10));
    }

    @Test
    public void retentionKeepsTheNewestBackupsAndTheJournalTheyNeed() throws Exception {
        host.close();
        host = TestStores.storage(TestStores.settings(folder.getRoot().toPath()).withRetention(2, java.time.Duration.ofDays(1))
                .withSegmentBytes(4096), incidents);
        Namespace<String, String> ns = ns();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 50; i++) {
                ns.put("k" + i, "round " + round);
            }
            host.backup();
        }
        List<BackupInfo> kept = host.list();
        assertEquals(2, kept.size());
        host.engine().checkpoint();
        long firstKept = host.engine().journalFirstSequence();
        assertTrue(firstKept > 1);
        assertTrue("journal still covers the oldest retained backup", firstKept <= kept.get(0).position() + 1);
        host.restoreAt(kept.get(0).created(), true);
        assertEquals("round 2", ns.get("k7").orElseThrow());
        assertEquals(HealthStatus.UP, host.check().status());
    }
}
