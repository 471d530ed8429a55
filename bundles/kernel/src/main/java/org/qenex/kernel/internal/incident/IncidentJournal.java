package org.qenex.kernel.internal.incident;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines file of incidents with the newest ones in memory.
 *
 * <p>Every append is forced to disk before it is acknowledged, so an incident that was returned
 * survives a crash. A line torn by a crash is never acknowledged, so it is dropped on open. The
 * file is compacted to the newest {@code retained} incidents once it holds twice as many.
 */
final class IncidentJournal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentJournal.class);

    private final Path file;
    private final int retained;
    private final IncidentCodec codec = new IncidentCodec();
    /** Oldest first. */
    private final ArrayDeque<Incident> newest = new ArrayDeque<>();
    private FileChannel channel;
    private long nextSequence = 1;
    private long linesInFile;

    private IncidentJournal(Path file, int retained) {
        this.file = file;
        this.retained = retained;
    }

    static IncidentJournal open(Path file, int retained) throws IOException {
        if (retained < 1) {
            throw new IllegalArgumentException("retained must be at least 1, was " + retained);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        IncidentJournal journal = new IncidentJournal(file, retained);
        journal.load();
        journal.channel = openForAppend(file);
        return journal;
    }

    synchronized Incident append(Instant time, String part, HealthStatus severity, String cause, String action,
            String outcome) throws IOException {
        if (channel == null) {
            throw new IOException("incident journal " + file + " is closed");
        }
        Incident incident = new Incident(nextSequence, time, part, severity, cause, action, outcome);
        // The sequence advances even if the write fails: a number is never reused for a different incident.
        nextSequence++;
        remember(incident);
        byte[] line = (codec.encode(incident) + "\n").getBytes(StandardCharsets.UTF_8);
        // NIO closes a channel whose thread is interrupted, and callers are often threads being
        // stopped: the flag is set aside while writing, and a channel closed anyway is reopened.
        boolean interrupted = Thread.interrupted();
        try {
            try {
                writeAndForce(line);
            } catch (ClosedChannelException e) {
                interrupted |= Thread.interrupted();
                channel = reopenAfterTornWrite(file);
                writeAndForce(line);
            }
            linesInFile++;
            if (linesInFile > 2L * retained) {
                compact();
            }
        } catch (IOException e) {
            throw new UndurableIncidentException(incident, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return incident;
    }

    private void writeAndForce(byte[] line) throws IOException {
        writeFully(channel, line);
        channel.force(false);
    }

    /** Opens the file for appending again, first ending a line a closed channel may have cut short. */
    private static FileChannel reopenAfterTornWrite(Path file) throws IOException {
        FileChannel reopened = openForAppend(file);
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = reader.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            if (size > 0 && reader.read(last, size - 1) == 1 && last.get(0) != '\n') {
                writeFully(reopened, new byte[] {'\n'});
            }
        }
        return reopened;
    }

    synchronized List<Incident> recent(int limit) {
        return recent(null, limit);
    }

    /** Newest first; {@code part == null} means every part. */
    synchronized List<Incident> recent(String part, int limit) {
        List<Incident> result = new ArrayList<>();
        Iterator<Incident> newestFirst = newest.descendingIterator();
        while (newestFirst.hasNext() && result.size() < limit) {
            Incident incident = newestFirst.next();
            if (part == null || part.equals(incident.part())) {
                result.add(incident);
            }
        }
        return result;
    }

    synchronized long nextSequence() {
        return nextSequence;
    }

    synchronized long linesInFile() {
        return linesInFile;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        dropTornLastLine();
        long skipped = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                linesInFile++;
                try {
                    Incident incident = codec.decode(line);
                    remember(incident);
                    nextSequence = Math.max(nextSequence, incident.sequence() + 1);
                } catch (IOException e) {
                    skipped++;
                }
            }
        }
        if (skipped > 0) {
            LOG.warn("Skipped {} unreadable line(s) in {}", skipped, file);
        }
    }

    /** A crash in the middle of an append leaves a line without its newline; it was never acknowledged. */
    private void dropTornLastLine() throws IOException {
        try (FileChannel rw = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = rw.size();
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                rw.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < size) {
                LOG.warn("Dropping a torn last line of {} bytes from {}", size - end, file);
                rw.truncate(end);
                rw.force(true);
            }
        }
    }

    private void remember(Incident incident) {
        newest.addLast(incident);
        while (newest.size() > retained) {
            newest.removeFirst();
        }
    }

    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder lines = new StringBuilder();
            for (Incident incident : newest) {
                lines.append(codec.encode(incident)).append('\n');
            }
            writeFully(out, lines.toString().getBytes(StandardCharsets.UTF_8));
            out.force(true);
        }
        channel.close();
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            linesInFile = newest.size();
        } finally {
            // Whether or not the move happened, appends go on to whichever file is now in place.
            channel = openForAppend(file);
        }
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
