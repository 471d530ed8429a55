package org.qenex.kernel.internal.incident;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;

public class IncidentJournalTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file() {
        return folder.getRoot().toPath().resolve("qenex/kernel/incidents.jsonl");
    }

    private static Incident append(IncidentJournal journal, int i) throws Exception {
        return journal.append(Instant.ofEpochSecond(1_700_000_000L + i), i % 2 == 0 ? "bundle:even" : "bundle:odd",
                HealthStatus.DOWN, "cause " + i, "restart (attempt 1, after 1000 ms)", "active");
    }

    @Test
    public void sequenceNumbersStartAtOneAndIncrease() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            assertEquals(1, append(journal, 1).sequence());
            assertEquals(2, append(journal, 2).sequence());
        }
    }

    @Test
    public void reopeningKeepsEntriesAndContinuesTheSequence() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            for (int i = 1; i <= 5; i++) {
                append(journal, i);
            }
        }
        try (IncidentJournal reopened = IncidentJournal.open(file(), 100)) {
            List<Incident> recent = reopened.recent(10);
            assertEquals(5, recent.size());
            assertEquals("newest first", 5, recent.get(0).sequence());
            assertEquals("cause 5", recent.get(0).cause());
            assertEquals(Instant.ofEpochSecond(1_700_000_005L), recent.get(0).time());
            assertEquals("restart (attempt 1, after 1000 ms)", recent.get(0).action());
            assertEquals(6, append(reopened, 6).sequence());
        }
    }

    @Test
    public void aTornLastLineIsDroppedAndAppendingGoesOn() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            append(journal, 1);
            append(journal, 2);
        }
        // A crash in the middle of the third append.
        Files.writeString(file(), "{\"seq\":3,\"time\":\"2023-11-14T22:1", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (IncidentJournal reopened = IncidentJournal.open(file(), 100)) {
            assertEquals(2, reopened.recent(10).size());
            Incident next = append(reopened, 3);
            assertEquals(3, next.sequence());
        }
        try (IncidentJournal again = IncidentJournal.open(file(), 100)) {
            List<Incident> recent = again.recent(10);
            assertEquals(3, recent.size());
            assertEquals("cause 3", recent.get(0).cause());
        }
    }

    @Test
    public void aGarbledLineInTheMiddleIsSkipped() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            append(journal, 1);
        }
        Files.writeString(file(), "not json at all\n{\"seq\":7}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            append(journal, 2);
        }
        try (IncidentJournal reopened = IncidentJournal.open(file(), 100)) {
            List<Incident> recent = reopened.recent(10);
            assertEquals(2, recent.size());
            assertEquals(2, recent.get(0).sequence());
            assertEquals(1, recent.get(1).sequence());
        }
    }

    @Test
    public void theFileIsCompactedToTheNewestOnceItHoldsTwiceAsMany() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 10)) {
            for (int i = 1; i <= 20; i++) {
                append(journal, i);
            }
            assertEquals("not yet past 2N", 20, Files.readAllLines(file()).size());
            append(journal, 21);
            assertEquals(10, Files.readAllLines(file()).size());
            assertEquals(10, journal.linesInFile());
            append(journal, 22);
            assertEquals(11, Files.readAllLines(file()).size());
        }
        try (IncidentJournal reopened = IncidentJournal.open(file(), 10)) {
            List<Incident> recent = reopened.recent(100);
            assertEquals(10, recent.size());
            assertEquals(22, recent.get(0).sequence());
            assertEquals(13, recent.get(9).sequence());
            assertEquals(23, append(reopened, 23).sequence());
        }
    }

    @Test
    public void memoryKeepsOnlyTheNewestRetained() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 10)) {
            for (int i = 1; i <= 15; i++) {
                append(journal, i);
            }
            List<Incident> recent = journal.recent(100);
            assertEquals(10, recent.size());
            assertEquals(6, recent.get(9).sequence());
        }
    }

    @Test
    public void recentByPartFiltersAndLimits() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            for (int i = 1; i <= 6; i++) {
                append(journal, i);
            }
            List<Incident> even = journal.recent("bundle:even", 2);
            assertEquals(2, even.size());
            assertEquals(6, even.get(0).sequence());
            assertEquals(4, even.get(1).sequence());
            assertTrue(journal.recent("bundle:none", 5).isEmpty());
        }
    }

    @Test
    public void textWithNewlinesStaysOnOneLine() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            journal.append(Instant.EPOCH, "bundle:x", HealthStatus.DEGRADED, "first\nsecond", "none", "");
        }
        assertEquals(1, Files.readAllLines(file()).size());
        try (IncidentJournal reopened = IncidentJournal.open(file(), 100)) {
            assertEquals("first\nsecond", reopened.recent(1).get(0).cause());
        }
    }

    @Test
    public void anInterruptedCallerNeitherLosesItsIncidentNorClosesTheJournal() throws Exception {
        try (IncidentJournal journal = IncidentJournal.open(file(), 100)) {
            Thread.currentThread().interrupt();
            try {
                append(journal, 1);
                assertTrue("the caller keeps its interrupt", Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            // a channel an interrupt closed anyway (mid-write, from another thread): the next append reopens it
            java.lang.reflect.Field channel = IncidentJournal.class.getDeclaredField("channel");
            channel.setAccessible(true);
            java.nio.channels.FileChannel open = (java.nio.channels.FileChannel) channel.get(journal);
            open.write(java.nio.ByteBuffer.wrap("{\"seq\":99,\"torn".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            open.close();
            append(journal, 2);
            append(journal, 3);
        }
        try (IncidentJournal reopened = IncidentJournal.open(file(), 100)) {
            assertEquals(List.of(3L, 2L, 1L), reopened.recent(10).stream().map(Incident::sequence).toList());
        }
    }
}
