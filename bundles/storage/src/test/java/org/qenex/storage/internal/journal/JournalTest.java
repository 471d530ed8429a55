package org.qenex.storage.internal.journal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.Compression;

public class JournalTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static JournalRecord record(long sequence, int puts) {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.define("ns", Compression.NONE));
        for (int i = 0; i < puts; i++) {
            ops.add(Op.put("ns", ("key-" + sequence + "-" + i).getBytes(), new byte[] {0, (byte) i}));
        }
        ops.add(Op.delete("ns", "gone".getBytes()));
        return new JournalRecord(sequence, 1000 + sequence, ops);
    }

    private static void append(Journal journal, long from, long to) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            frames.add(record(s, 3).toFrame());
        }
        journal.append(frames, to, 1000 + to);
    }

    private static List<JournalRecord> readAll(Journal journal, long from) throws Exception {
        List<JournalRecord> out = new ArrayList<>();
        journal.replay(from, Long.MAX_VALUE, out::add);
        return out;
    }

    @Test
    public void appendedRecordsReplayIdenticallyAfterReopen() throws Exception {
        Path dir = folder.getRoot().toPath();
        try (Journal journal = Journal.open(dir, 1 << 20, 1)) {
            append(journal, 1, 10);
            assertEquals(10, journal.lastSequence());
        }
        try (Journal journal = Journal.open(dir, 1 << 20, 1)) {
            assertNull(journal.tornTail());
            assertEquals(10, journal.lastSequence());
            assertEquals(1010, journal.lastTime());
            List<JournalRecord> records = readAll(journal, 4);
            assertEquals(7, records.size());
            JournalRecord fourth = records.get(0);
            assertEquals(4, fourth.sequence());
            assertEquals(5, fourth.ops().size());
            assertEquals(Op.Type.DEFINE, fourth.ops().get(0).type());
            assertArrayEquals("key-4-2".getBytes(), fourth.ops().get(3).key());
            assertArrayEquals(new byte[] {0, 2}, fourth.ops().get(3).value());
            assertEquals(Op.Type.DELETE, fourth.ops().get(4).type());
        }
    }

    @Test
    public void segmentsRollAndPruneKeepsTheActiveOne() throws Exception {
        Path dir = folder.getRoot().toPath();
        try (Journal journal = Journal.open(dir, 512, 1)) {
            for (long s = 1; s <= 20; s++) {
                append(journal, s, s);
            }
            assertTrue(journal.segmentCount() > 3);
            assertEquals(20, readAll(journal, 1).size());
            journal.prune(12);
            assertTrue(journal.firstSequence() <= 13);
            assertTrue(journal.firstSequence() > 1);
            assertEquals(8, readAll(journal, 13).size());
            journal.prune(Long.MAX_VALUE);
            assertEquals(1, journal.segmentCount());
            try {
                readAll(journal, 1);
                fail("pruned records cannot be replayed");
            } catch (JournalCorruptException expected) {
                assertTrue(expected.getMessage().contains("pruned"));
            }
        }
        try (Journal journal = Journal.open(dir, 512, 1)) {
            assertEquals(20, journal.lastSequence());
        }
    }

    @Test
    public void aTornTailIsTruncatedAndReported() throws Exception {
        Path dir = folder.getRoot().toPath();
        try (Journal journal = Journal.open(dir, 1 << 20, 1)) {
            append(journal, 1, 5);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.findFirst().orElseThrow();
        }
        long goodSize = Files.size(segment);
        byte[] partial = record(6, 3).toFrame();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(partial, 0, partial.length / 2));
        }
        try (Journal journal = Journal.open(dir, 1 << 20, 1)) {
            assertNotNull(journal.tornTail());
            assertTrue(journal.tornTail().contains("torn tail"));
            assertEquals(5, journal.lastSequence());
            assertEquals(goodSize, Files.size(segment));
            append(journal, 6, 6);
            assertEquals(6, readAll(journal, 1).size());
        }
    }

    @Test
    public void aCorruptedRecordInTheTailIsCutThere() throws Exception {
        Path dir = folder.getRoot().toPath();
        try (Journal journal = Journal.open(dir, 1 << 20, 1)) {
            append(journal, 1, 5);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(segment, bytes);
        try (Journal journal = Journal.open(dir, 1 << 20, 1)) {
            assertNotNull(journal.tornTail());
            assertEquals(4, journal.lastSequence());
        }
    }

    @Test
    public void damageBeforeTheTailIsNotSilentlyDropped() throws Exception {
        Path dir = folder.getRoot().toPath();
        try (Journal journal = Journal.open(dir, 400, 1)) {
            for (long s = 1; s <= 10; s++) {
                append(journal, s, s);
            }
            assertTrue(journal.segmentCount() > 2);
        }
        Path first;
        try (Stream<Path> files = Files.list(dir)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(first);
        bytes[Journal.HEADER + 20] ^= 0x55;
        Files.write(first, bytes);
        try (Journal journal = Journal.open(dir, 400, 1)) {
            readAll(journal, 1);
            fail("a damaged record in an earlier segment must fail replay");
        } catch (JournalCorruptException expected) {
            assertTrue(expected.getMessage().contains("checksum"));
        }
    }
}
