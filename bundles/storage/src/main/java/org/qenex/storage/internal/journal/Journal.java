package org.qenex.storage.internal.journal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;


/**
 * The append-only commit journal: the store's durable record of every committed batch.
 *
 * <p>The journal is a sequence of segment files {@code segment-<first sequence>.log}, each a
 * 16-byte header (magic, first sequence) followed by {@link JournalRecord} frames. Only the last
 * segment is ever written. A crash can leave a partial frame at its end (a torn tail): opening
 * finds it by its length and CRC32C and truncates it, which loses nothing acknowledged, because a
 * batch is acknowledged only after its frame was forced to disk.
 *
 * <p>Appends come from one thread at a time (the committing leader); reads, replays and pruning may
 * run concurrently with them.
 */
public final class Journal implements Closeable {

    private static final long MAGIC = 0x51584a524e4c3031L; // "QXJRNL01"
    static final int HEADER = 16;

    private final Path dir;
    private final long segmentBytes;
    private final List<Segment> segments = new ArrayList<>();
    private FileChannel active;
    private volatile long lastSequence;
    private volatile long lastTime;
    private final String tornTail;

    private record Segment(long firstSequence, Path path) {
    }

    private Journal(Path dir, long segmentBytes, String tornTail) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.tornTail = tornTail;
    }

    /**
     * Opens the journal in {@code dir}, creating it with a first segment starting at
     * {@code firstSequenceIfNew} if it holds no segment, and truncating a torn tail.
     *
     * @throws JournalCorruptException if the journal is damaged other than by a torn tail
     */
    public static Journal open(Path dir, long segmentBytes, long firstSequenceIfNew) throws IOException {
        Files.createDirectories(dir);
        List<Segment> found = listSegments(dir);
        StringBuilder torn = new StringBuilder();
        // A crash while rolling can leave a last segment without a complete header: it holds no record.
        while (!found.isEmpty()) {
            Segment last = found.get(found.size() - 1);
            if (readHeader(last.path()) == last.firstSequence()) {
                break;
            }
            torn.append("removed segment ").append(last.path().getFileName()).append(" with a torn header; ");
            Files.delete(last.path());
            found.remove(found.size() - 1);
            firstSequenceIfNew = last.firstSequence();
        }
        for (int i = 0; i + 1 < found.size(); i++) {
            if (readHeader(found.get(i).path()) != found.get(i).firstSequence()) {
                throw new JournalCorruptException("bad header in " + found.get(i).path());
            }
        }
        if (found.isEmpty()) {
            found.add(createSegment(dir, firstSequenceIfNew));
        }
        Segment last = found.get(found.size() - 1);
        Journal journal;
        FileChannel channel = FileChannel.open(last.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long[] scan = scanTail(channel, last.firstSequence());
            long validEnd = scan[0];
            long size = channel.size();
            if (validEnd < size) {
                torn.append("truncated a torn tail of ").append(size - validEnd).append(" bytes at offset ")
                        .append(validEnd).append(" of ").append(last.path().getFileName());
                channel.truncate(validEnd);
                channel.force(true);
            }
            journal = new Journal(dir, segmentBytes, torn.length() == 0 ? null : torn.toString());
            journal.segments.addAll(found);
            journal.active = channel;
            journal.lastSequence = scan[1];
            journal.lastTime = scan[2];
            if (journal.lastSequence == last.firstSequence() - 1 && found.size() > 1) {
                // Empty last segment: the last record is in an earlier one; find its time.
                journal.lastTime = journal.timeOf(journal.lastSequence);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return journal;
    }

    /** What opening found and repaired at the journal's end, or {@code null} if nothing. */
    public String tornTail() {
        return tornTail;
    }

    /** Scans the active segment: returns {valid end offset, last sequence, last time}. */
    private static long[] scanTail(FileChannel channel, long firstSequence) throws IOException {
        long size = channel.size();
        long position = HEADER;
        long expected = firstSequence;
        long lastTime = 0;
        InputStream raw = new BufferedInputStream(Channels.newInputStream(channel.position(HEADER)), 1 << 16);
        DataInputStream in = new DataInputStream(raw);
        while (size - position >= JournalRecord.FRAME_HEADER) {
            int length = in.readInt();
            int crc = in.readInt();
            if (length < 20 || length > JournalRecord.MAX_PAYLOAD || position + JournalRecord.FRAME_HEADER + length > size) {
                break;
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (!JournalRecord.checksumMatches(payload, crc)) {
                break;
            }
            JournalRecord record;
            try {
                record = JournalRecord.decode(payload);
            } catch (IllegalArgumentException e) {
                break;
            }
            if (record.sequence() != expected) {
                break;
            }
            expected++;
            lastTime = record.time();
            position += JournalRecord.FRAME_HEADER + length;
        }
        return new long[] {position, expected - 1, lastTime};
    }

    private long timeOf(long sequence) throws IOException {
        long[] time = {0};
        replay(sequence, sequence, r -> {
            time[0] = r.time();
            return false;
        });
        return time[0];
    }

    private static List<Segment> listSegments(Path dir) throws IOException {
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.matches("segment-\\d{20}\\.log")) {
                    found.add(new Segment(Long.parseLong(name.substring(8, 28)), p));
                }
            });
        }
        found.sort((a, b) -> Long.compare(a.firstSequence(), b.firstSequence()));
        return found;
    }

    private static long readHeader(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // keep reading
            }
            if (header.hasRemaining()) {
                return -1;
            }
            header.flip();
            return header.getLong() == MAGIC ? header.getLong() : -1;
        }
    }

    private static Segment createSegment(Path dir, long firstSequence) throws IOException {
        Path path = dir.resolve(String.format("segment-%020d.log", firstSequence));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putLong(firstSequence).flip();
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(true);
        }
        syncDirectory(dir);
        return new Segment(firstSequence, path);
    }

    /** Forces a directory's entries (new, renamed or deleted files) to disk. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; their metadata is then synchronous.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    /** The sequence of the first record the journal can replay. */
    public synchronized long firstSequence() {
        return segments.get(0).firstSequence();
    }

    /** The sequence of the last record, or {@code firstSequence() - 1} if there is none. */
    public long lastSequence() {
        return lastSequence;
    }

    /** The commit time of the last record, 0 if there is none. */
    public long lastTime() {
        return lastTime;
    }

    /**
     * Appends frames and forces them to disk. Either all are durable when this returns, or it
     * throws and the journal is as before (a partial write is truncated away).
     *
     * @param frames frames of consecutive records, the first one {@code lastSequence() + 1}
     * @param lastSequenceOfFrames the sequence of the last frame
     * @param lastTimeOfFrames the commit time of the last frame
     */
    public void append(List<byte[]> frames, long lastSequenceOfFrames, long lastTimeOfFrames) throws IOException {
        List<ByteBuffer> buffers = new ArrayList<>(frames.size());
        frames.forEach(f -> buffers.add(ByteBuffer.wrap(f)));
        appendBuffers(buffers, lastSequenceOfFrames, lastTimeOfFrames);
    }

    /**
     * As {@link #append}, with the frames' bytes in buffers written one after the other (a frame
     * may span several, see {@link JournalRecord#frame}).
     */
    public void appendBuffers(List<ByteBuffer> frames, long lastSequenceOfFrames, long lastTimeOfFrames) throws IOException {
        FileChannel channel;
        synchronized (this) {
            if (active.size() >= segmentBytes) {
                roll(lastSequence + 1);
            }
            channel = active;
        }
        long before = channel.size();
        try {
            ByteBuffer[] buffers = frames.toArray(new ByteBuffer[0]);
            long total = 0;
            for (ByteBuffer b : buffers) {
                total += b.remaining();
            }
            channel.position(before);
            long written = 0;
            while (written < total) {
                written += channel.write(buffers);
            }
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            try {
                channel.truncate(before);
                channel.force(true);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        lastSequence = lastSequenceOfFrames;
        lastTime = lastTimeOfFrames;
    }

    private void roll(long nextSequence) throws IOException {
        active.force(true);
        active.close();
        Segment next = createSegment(dir, nextSequence);
        segments.add(next);
        active = FileChannel.open(next.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Calls {@code consumer} with each record from {@code fromSequence} to {@code toSequence}
     * (inclusive) in order, until it returns {@code false}.
     *
     * @throws JournalCorruptException if a record in that range cannot be read
     */
    public void replay(long fromSequence, long toSequence, Predicate<JournalRecord> consumer) throws IOException {
        List<Segment> snapshot;
        long last;
        synchronized (this) {
            snapshot = new ArrayList<>(segments);
            last = lastSequence;
        }
        long end = Math.min(toSequence, last);
        if (fromSequence > end) {
            return;
        }
        if (fromSequence < snapshot.get(0).firstSequence()) {
            throw new JournalCorruptException("journal starts at " + snapshot.get(0).firstSequence()
                    + ", record " + fromSequence + " was pruned");
        }
        long expected = fromSequence;
        for (int i = 0; i < snapshot.size() && expected <= end; i++) {
            long segmentEnd = i + 1 < snapshot.size() ? snapshot.get(i + 1).firstSequence() - 1 : Long.MAX_VALUE;
            if (segmentEnd < expected) {
                continue;
            }
            Segment segment = snapshot.get(i);
            try (InputStream file = Files.newInputStream(segment.path());
                    DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
                in.skipNBytes(HEADER);
                long sequence = segment.firstSequence();
                while (sequence <= end && sequence <= segmentEnd) {
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException eof) {
                        break;
                    }
                    int crc = in.readInt();
                    if (length < 20 || length > JournalRecord.MAX_PAYLOAD) {
                        throw new JournalCorruptException("bad record length at sequence " + sequence + " in " + segment.path());
                    }
                    if (sequence < expected) {
                        in.skipNBytes(length);
                        sequence++;
                        continue;
                    }
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    if (!JournalRecord.checksumMatches(payload, crc)) {
                        throw new JournalCorruptException("checksum mismatch at sequence " + sequence + " in " + segment.path());
                    }
                    JournalRecord record;
                    try {
                        record = JournalRecord.decode(payload);
                    } catch (IllegalArgumentException e) {
                        throw new JournalCorruptException("undecodable record " + sequence + ": " + e.getMessage());
                    }
                    if (record.sequence() != sequence) {
                        throw new JournalCorruptException("expected sequence " + sequence + ", found " + record.sequence());
                    }
                    if (!consumer.test(record)) {
                        return;
                    }
                    sequence++;
                    expected++;
                }
            } catch (EOFException e) {
                throw new JournalCorruptException("journal ends early in " + segment.path() + " before sequence " + expected);
            }
        }
        if (expected <= end) {
            throw new JournalCorruptException("records " + expected + " to " + end + " are missing");
        }
    }

    /**
     * Deletes whole segments whose records are all at or below {@code upToSequence}. The active
     * segment is never deleted.
     *
     * @return how many segments were deleted
     */
    public int prune(long upToSequence) throws IOException {
        List<Path> doomed = new ArrayList<>();
        synchronized (this) {
            while (segments.size() > 1 && segments.get(1).firstSequence() - 1 <= upToSequence) {
                doomed.add(segments.remove(0).path());
            }
        }
        for (Path path : doomed) {
            Files.deleteIfExists(path);
        }
        if (!doomed.isEmpty()) {
            syncDirectory(dir);
        }
        return doomed.size();
    }

    /** Bytes of all segments. */
    public synchronized long sizeBytes() {
        long total = 0;
        for (Segment s : segments) {
            try {
                total += Files.size(s.path());
            } catch (IOException e) {
                // a segment pruned concurrently counts as empty
            }
        }
        return total;
    }

    /** How many segment files the journal has. */
    public synchronized int segmentCount() {
        return segments.size();
    }

    @Override
    public synchronized void close() throws IOException {
        if (active != null && active.isOpen()) {
            active.force(true);
            active.close();
        }
    }
}
