package org.qenex.security.internal.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FileAuditTrailTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void secretsNeverReachTheFile() throws Exception {
        Path dir = folder.getRoot().toPath();
        FileAuditTrail trail = new FileAuditTrail(dir, Clock.systemUTC(), 0);
        trail.record(new AuditEntry("alice", "shell", "local",
                "qenex:wallet send alice qx1abc 5 --passphrase correct-horse", "ok", "{\"password\":\"p4ss\"}"));
        trail.deactivate();

        String log = Files.readString(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8);
        assertFalse(log, log.contains("correct-horse"));
        assertFalse(log, log.contains("p4ss"));
        assertTrue(log, log.contains("--passphrase ***"));
    }

    @Test
    public void syncingEachRecordKeepsTheHeadFileCurrent() throws Exception {
        Path dir = folder.getRoot().toPath();
        FileAuditTrail trail = new FileAuditTrail(dir, Clock.systemUTC(), 0);
        trail.record(new AuditEntry("alice", "rest", "10.0.0.1", "POST /api/v1/wallets", "201", ""));
        trail.record(new AuditEntry("alice", "rest", "10.0.0.1", "POST /api/v1/wallets", "409", ""));
        try {
            assertTrue(Files.readString(dir.resolve("audit.head")).startsWith("2 "));
            assertEquals(VerifyReport.Status.INTACT, trail.verify().status());
        } finally {
            trail.deactivate();
        }
    }

    @Test
    public void anIdleTrailSchedulesNoSyncAndRecordsShareOne() throws Exception {
        Path dir = folder.getRoot().toPath();
        FileAuditTrail trail = new FileAuditTrail(dir, Clock.systemUTC(), 60_000);
        try {
            assertEquals("nothing to force: the syncer has nothing to wake up for", 0, trail.pendingSyncs());
            trail.record(new AuditEntry("alice", "rest", "10.0.0.1", "POST /api/v1/wallets", "201", ""));
            trail.record(new AuditEntry("alice", "rest", "10.0.0.1", "POST /api/v1/wallets", "409", ""));
            assertEquals("both records ride on one sync", 1, trail.pendingSyncs());
        } finally {
            trail.deactivate();
        }
    }

    @Test
    public void aRecordIsForcedToDiskWithinTheSyncInterval() throws Exception {
        Path dir = folder.getRoot().toPath();
        FileAuditTrail trail = new FileAuditTrail(dir, Clock.systemUTC(), 20);
        try {
            trail.record(new AuditEntry("alice", "rest", "10.0.0.1", "POST /api/v1/wallets", "201", ""));
            Path head = dir.resolve("audit.head");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(Files.exists(head) && Files.readString(head).startsWith("1 ")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue("the head file names the record once the scheduled sync ran",
                    Files.readString(head).startsWith("1 "));
            assertEquals(0, trail.pendingSyncs());
        } finally {
            trail.deactivate();
        }
    }

    @Test
    public void aLogFoundTamperedWithAtStartSaysSoInTheChainAndKeepsSayingIt() throws Exception {
        Path dir = folder.getRoot().toPath();
        FileAuditTrail first = new FileAuditTrail(dir, Clock.systemUTC(), 0);
        for (int i = 0; i < 3; i++) {
            first.record(new AuditEntry("mallory", "shell", "local", "bundle:install evil" + i, "ok", ""));
        }
        first.deactivate();
        Path file = dir.resolve("audit.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, lines.get(0) + "\n" + lines.get(2) + "\n");

        FileAuditTrail second = new FileAuditTrail(dir, Clock.systemUTC(), 200);
        try {
            List<AuditRecord> opened = second.search(new AuditQuery("system", null, "audit.open", 5));
            assertEquals(1, opened.size());
            assertEquals("tampered", opened.get(0).entry().outcome());
            assertEquals(VerifyReport.Status.TAMPERED, second.verify().status());
        } finally {
            second.deactivate();
        }
    }
}
