package org.qenex.security.internal.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log on disk: {@code audit.jsonl}, one hash-chained record per line, only ever
 * appended to, and {@code audit.head}, the newest record that is known to be on disk.
 *
 * <p>Each append is written to the file at once (a {@code kill -9} of the node loses nothing
 * that was appended); {@link #sync()} forces the file to the disk and only then advances
 * {@code audit.head}, so the head never names a record the disk may not have. The forcing runs
 * outside the append lock: every POST the gateway answers appends a record, and a force of a busy
 * disk (hundreds of ms) held every request thread of the node when it ran under that lock. A line torn by a
 * crash is set aside to {@code audit.jsonl.torn-<time>} when the log is next opened, and the
 * recovery is itself recorded in the chain.
 */
final class AuditJournal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditJournal.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final Path headFile;
    private final Clock clock;
    private final AuditCodec codec = new AuditCodec();
    private final ChainVerifier verifier = new ChainVerifier();
    /** One {@link #sync()} at a time; taken before the append lock ({@code this}), never after it. */
    private final Object syncLock = new Object();
    private final Force force;
    private FileChannel channel;
    private ChainHead head = ChainHead.EMPTY;
    private ChainHead synced = ChainHead.EMPTY;
    private long size;
    /** What opening the log found, before anything was appended. */
    private VerifyReport found;

    /** How a file's written bytes are forced to the disk (tests slow it down). */
    @FunctionalInterface
    interface Force {
        Force DISK = channel -> channel.force(false);

        void force(FileChannel channel) throws IOException;
    }

    private AuditJournal(Path file, Clock clock, Force force) {
        this.file = file;
        this.headFile = file.resolveSibling("audit.head");
        this.clock = clock;
        this.force = force;
    }

    /** Opens (or creates) the log in {@code dir}. */
    static AuditJournal open(Path dir, Clock clock) throws IOException {
        return open(dir, clock, Force.DISK);
    }

    static AuditJournal open(Path dir, Clock clock, Force force) throws IOException {
        createOwnerOnlyDirectory(dir);
        AuditJournal journal = new AuditJournal(dir.resolve("audit.jsonl"), clock, force);
        journal.load();
        return journal;
    }

    Path file() {
        return file;
    }

    /** What {@link #open} found in the log before this process appended to it. */
    VerifyReport found() {
        return found;
    }

    synchronized AuditRecord append(AuditEntry entry) throws IOException {
        if (channel == null) {
            throw new ClosedChannelException();
        }
        Instant time = clock.instant();
        long sequence = head.sequence() + 1;
        String previous = head.hash();
        String line = codec.encode(sequence, time, entry, previous);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        // NIO closes a channel when its thread is interrupted; the flag is set aside while writing.
        boolean interrupted = Thread.interrupted();
        try {
            writeFully(channel, bytes);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        size += bytes.length;
        head = new ChainHead(sequence, ChainHash.of(line));
        return new AuditRecord(sequence, time, entry, previous, line);
    }

    /**
     * Forces what was appended to the disk, then records the new head in {@code audit.head}.
     * Appends go on meanwhile: the head taken before the force is on the disk once it returns,
     * whatever was appended after it waits for the next sync.
     */
    void sync() throws IOException {
        synchronized (syncLock) {
            FileChannel target;
            ChainHead durable;
            synchronized (this) {
                if (channel == null || head.equals(synced)) {
                    return;
                }
                target = channel;
                durable = head;
            }
            boolean interrupted = Thread.interrupted();
            try {
                force.force(target);
                writeHeadFile(durable);
                synchronized (this) {
                    synced = durable;
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    synchronized ChainHead head() {
        return head;
    }

    /**
     * Verifies the log as it is on disk now against the head this process holds in memory, so a
     * record removed or changed while the node runs is found even if {@code audit.head} was
     * edited too.
     */
    VerifyReport verify() throws IOException {
        long length;
        ChainHead expected;
        synchronized (this) {
            // Whatever is in the file counts, even bytes someone appended behind the node's back.
            length = Math.max(size, Files.exists(file) ? Files.size(file) : 0);
            expected = head;
        }
        return verifier.verify(file, length, Optional.of(expected));
    }

    /** The last {@code limit} records that {@code filter} accepts, oldest first. */
    List<AuditRecord> search(Predicate<AuditRecord> filter, int limit) throws IOException {
        long length;
        synchronized (this) {
            length = size;
        }
        ArrayDeque<AuditRecord> newest = new ArrayDeque<>();
        verifier.verify(file, length, Optional.empty(), record -> {
            if (filter.test(record)) {
                newest.addLast(record);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        });
        return new ArrayList<>(newest);
    }

    @Override
    public void close() throws IOException {
        synchronized (syncLock) {
            try {
                sync();
            } finally {
                synchronized (this) {
                    if (channel != null) {
                        channel.close();
                        channel = null;
                    }
                }
            }
        }
    }

    private void load() throws IOException {
        Optional<ChainHead> remembered = readHeadFile();
        long length = Files.exists(file) ? Files.size(file) : 0;
        found = verifier.verify(file, length, remembered);
        long end = length;
        if (found.status() == VerifyReport.Status.TORN) {
            end = setTornLineAside(length);
        }
        head = found.head();
        synced = head;
        if (!Files.exists(file)) {
            // Created owner-only, so no other account can read it even for a moment.
            if (posix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        }
        restrictToOwner(file);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = end;
        if (found.status() != VerifyReport.Status.INTACT) {
            LOG.warn("The audit log {} is {}: {}", file, found.status().name().toLowerCase(), found.problem());
        }
    }

    /** Cuts an incomplete last line off the log after saving its bytes beside it; returns the new length. */
    private long setTornLineAside(long length) throws IOException {
        long end;
        byte[] tail;
        try (FileChannel rw = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            end = length;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                rw.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, length - end));
            rw.read(buffer, end);
            tail = buffer.array();
            Path aside = file.resolveSibling(file.getFileName() + ".torn-" + clock.millis());
            Files.write(aside, tail);
            restrictToOwner(aside);
            rw.truncate(end);
            rw.force(true);
            LOG.warn("The audit log {} ended in a line torn by an unclean stop ({} bytes); it was moved to {}",
                    file, tail.length, aside);
        }
        return end;
    }

    private Optional<ChainHead> readHeadFile() {
        if (!Files.exists(headFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChainHead.parse(Files.readString(headFile, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring an unreadable {}: {}", headFile, e.toString());
            return Optional.empty();
        }
    }

    private void writeHeadFile(ChainHead newHead) throws IOException {
        Path tmp = headFile.resolveSibling(headFile.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            restrictToOwner(tmp);
            writeFully(out, newHead.format().getBytes(StandardCharsets.UTF_8));
            out.force(false);
        }
        Files.move(tmp, headFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void createOwnerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (posix()) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
