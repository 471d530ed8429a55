package org.qenex.security.internal.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.security.internal.audit.VerifyReport.Status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class AuditJournalTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T15:00:00Z"), ZoneOffset.UTC);

    private Path writeRecords(int count) throws IOException {
        Path dir = folder.getRoot().toPath().resolve("security");
        try (AuditJournal journal = AuditJournal.open(dir, clock)) {
            for (int i = 1; i <= count; i++) {
                journal.append(new AuditEntry("alice", "rest", "10.0.0." + i, "POST /api/v1/wallets", "201", "n=" + i));
            }
        }
        return dir;
    }

    private static VerifyReport reopenAndVerify(Path dir, Clock clock) throws IOException {
        Path file = dir.resolve("audit.jsonl");
        return new ChainVerifier().verify(file, Files.size(file),
                java.util.Optional.of(ChainHead.parse(Files.readString(dir.resolve("audit.head")))));
    }

    private static List<String> lines(Path dir) throws IOException {
        return new ArrayList<>(Files.readAllLines(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8));
    }

    private static void rewrite(Path dir, List<String> lines) throws IOException {
        Files.writeString(dir.resolve("audit.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    public void aFreshChainVerifiesAndAnOutsiderCanCheckEachLinkWithPlainSha256() throws Exception {
        Path dir = writeRecords(5);
        VerifyReport report = reopenAndVerify(dir, clock);
        assertEquals(report.problem(), Status.INTACT, report.status());
        assertEquals(5, report.records());

        // The documented contract: prev of line n is the hex SHA-256 of line n-1's bytes, without its newline.
        ObjectMapper json = new ObjectMapper();
        String previous = "0".repeat(64);
        long expectedSeq = 1;
        for (String line : lines(dir)) {
            JsonNode node = json.readTree(line);
            assertEquals(expectedSeq++, node.get("seq").asLong());
            assertEquals(previous, node.get("prev").asText());
            previous = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(line.getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(previous + "\n", Files.readString(dir.resolve("audit.head")).substring(2));
    }

    @Test
    public void anEditedLineIsDetected() throws Exception {
        Path dir = writeRecords(5);
        List<String> lines = lines(dir);
        lines.set(2, lines.get(2).replace("\"201\"", "\"403\""));
        rewrite(dir, lines);

        VerifyReport report = reopenAndVerify(dir, clock);
        assertEquals(Status.TAMPERED, report.status());
        assertEquals(4, report.line());
    }

    @Test
    public void anEditOfTheLastLineIsDetectedThroughTheHead() throws Exception {
        Path dir = writeRecords(5);
        List<String> lines = lines(dir);
        lines.set(4, lines.get(4).replace("alice", "bob"));
        rewrite(dir, lines);

        VerifyReport report = reopenAndVerify(dir, clock);
        assertEquals(Status.TAMPERED, report.status());
        assertTrue(report.problem(), report.problem().contains("#5"));
    }

    @Test
    public void aDeletedLineIsDetected() throws Exception {
        Path dir = writeRecords(5);
        List<String> lines = lines(dir);
        lines.remove(1);
        rewrite(dir, lines);

        VerifyReport report = reopenAndVerify(dir, clock);
        assertEquals(Status.TAMPERED, report.status());
        assertEquals(2, report.line());
    }

    @Test
    public void reorderedLinesAreDetected() throws Exception {
        Path dir = writeRecords(5);
        List<String> lines = lines(dir);
        String second = lines.get(1);
        lines.set(1, lines.get(2));
        lines.set(2, second);
        rewrite(dir, lines);

        VerifyReport report = reopenAndVerify(dir, clock);
        assertEquals(Status.TAMPERED, report.status());
        assertEquals(2, report.line());
    }

    @Test
    public void recordsCutOffTheEndAreDetected() throws Exception {
        Path dir = writeRecords(5);
        List<String> lines = lines(dir);
        rewrite(dir, lines.subList(0, 3));

        VerifyReport report = reopenAndVerify(dir, clock);
        assertEquals(Status.TAMPERED, report.status());
        assertTrue(report.problem(), report.problem().contains("cut off the end"));
    }

    @Test
    public void aRunningLogCatchesTruncationEvenWhenTheHeadFileIsRewrittenToo() throws Exception {
        Path dir = folder.getRoot().toPath().resolve("security");
        try (AuditJournal journal = AuditJournal.open(dir, clock)) {
            for (int i = 0; i < 4; i++) {
                journal.append(new AuditEntry("alice", "shell", "local", "qenex:wallet list", "ok", ""));
            }
            journal.sync();
            List<String> lines = lines(dir);
            rewrite(dir, lines.subList(0, 2));
            Files.writeString(dir.resolve("audit.head"), "2 " + ChainHash.of(lines.get(1)) + "\n");

            assertEquals(Status.TAMPERED, journal.verify().status());
        }
    }

    @Test
    public void aTornLastLineIsReportedAsTornAndSetAsideWhenTheLogIsReopened() throws Exception {
        Path dir = writeRecords(3);
        Path file = dir.resolve("audit.jsonl");
        // What a kill -9 in the middle of a write leaves: part of a line, no newline.
        Files.writeString(file, "{\"seq\":4,\"time\":\"2026-12-05T15:0", StandardOpenOption.APPEND);

        VerifyReport torn = reopenAndVerify(dir, clock);
        assertEquals(torn.problem(), Status.TORN, torn.status());
        assertEquals(3, torn.records());
        assertEquals(4, torn.line());

        try (AuditJournal journal = AuditJournal.open(dir, clock)) {
            assertEquals(Status.TORN, journal.found().status());
            journal.append(new AuditEntry("system", "system", "local", "audit.open", "torn", journal.found().problem()));
            VerifyReport after = journal.verify();
            assertEquals(after.problem(), Status.INTACT, after.status());
            assertEquals(4, after.records());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-")).count());
        }
    }

    @Test
    public void appendsGoOnFromTheLastRecordAfterARestart() throws Exception {
        Path dir = writeRecords(2);
        try (AuditJournal journal = AuditJournal.open(dir, clock)) {
            assertEquals(3, journal.append(new AuditEntry("bob", "rest", "10.0.0.9", "DELETE /api/v1/x", "204", "")).sequence());
        }
        assertEquals(Status.INTACT, reopenAndVerify(dir, clock).status());
    }

    @Test
    public void searchFiltersByActorTimeAndTextAndKeepsTheNewest() throws Exception {
        Path dir = writeRecords(6);
        try (AuditJournal journal = AuditJournal.open(dir, clock)) {
            journal.append(new AuditEntry("bob", "shell", "local", "qenex:heal storage", "ok", ""));
            assertEquals(1, journal.search(new AuditQuery("bob", null, null, 10)::matches, 10).size());
            List<AuditRecord> newestTwo = journal.search(new AuditQuery("alice", null, null, 2)::matches, 2);
            assertEquals(List.of(5L, 6L), newestTwo.stream().map(AuditRecord::sequence).toList());
            assertEquals(1, journal.search(new AuditQuery(null, null, "10.0.0.3", 10)::matches, 10).size());
            assertEquals(0, journal.search(new AuditQuery(null, Instant.parse("2026-12-05T16:00:00Z"), null, 10)::matches, 10).size());
        }
    }

    @Test
    public void theLogIsReadableByItsOwnerOnly() throws Exception {
        Path dir = writeRecords(1);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit.jsonl"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit.head"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    public void aRecordNeverSpansTwoLines() throws Exception {
        Path dir = folder.getRoot().toPath().resolve("security");
        try (AuditJournal journal = AuditJournal.open(dir, clock)) {
            journal.append(new AuditEntry("eve", "shell", "local", "echo a\nb\u2028c", "ok", "x\r\ny"));
        }
        assertEquals(1, lines(dir).size());
        assertEquals(Status.INTACT, reopenAndVerify(dir, clock).status());
    }

    @Test
    public void appendsGoOnWhileASyncWaitsForTheDiskAndTheHeadNamesOnlyWhatWasForced() throws Exception {
        Path dir = folder.getRoot().toPath().resolve("security");
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch diskDone = new CountDownLatch(1);
        AuditJournal.Force slowDisk = channel -> {
            forcing.countDown();
            try {
                assertTrue(diskDone.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
        };
        ExecutorService syncer = Executors.newSingleThreadExecutor();
        try (AuditJournal journal = AuditJournal.open(dir, clock, slowDisk)) {
            journal.append(new AuditEntry("alice", "rest", "10.0.0.1", "POST /api/v1/chain/transactions", "202", ""));
            Future<?> sync = syncer.submit(() -> {
                journal.sync();
                return null;
            });
            assertTrue(forcing.await(10, TimeUnit.SECONDS));
            // the disk is "slow": a request thread's append must not wait for it (it did, under one lock)
            ExecutorService appender = Executors.newSingleThreadExecutor();
            try {
                Future<AuditRecord> second = appender.submit(() -> journal.append(
                        new AuditEntry("bob", "rest", "10.0.0.2", "POST /api/v1/chain/transactions", "202", "")));
                assertEquals(2, second.get(5, TimeUnit.SECONDS).sequence());
            } finally {
                appender.shutdownNow();
            }
            diskDone.countDown();
            sync.get(10, TimeUnit.SECONDS);
            // the head names the record forced, not the one appended while forcing
            assertEquals(1, ChainHead.parse(Files.readString(dir.resolve("audit.head"))).sequence());
            journal.sync();
            assertEquals(2, ChainHead.parse(Files.readString(dir.resolve("audit.head"))).sequence());
        } finally {
            syncer.shutdownNow();
        }
        assertEquals(Status.INTACT, reopenAndVerify(dir, clock).status());
    }
}
