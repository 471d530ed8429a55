package org.qenex.storage.internal.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.VerifyResult;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.journal.Journal;
import org.qenex.storage.internal.journal.JournalRecord;

/**
 * One backup archive: a zip with one entry per namespace ({@code namespaces/<name>.kv}: length
 * prefixed keys and stored values, in key order), {@code journal.log} (the journal records
 * committed while the namespaces were copied) and {@code manifest.json}.
 *
 * <p>The namespaces are copied without stopping writers, so each copy may already include some
 * changes made during the copy; replaying the journal records of that window on top makes the
 * result exactly the store as of the manifest's {@code position}, because replaying puts and
 * deletes in order sets every key the window touched to its value at the window's end, and keys
 * it did not touch were copied unchanged.
 */
public final class BackupArchive {

    static final String MANIFEST = "manifest.json";
    static final String JOURNAL = "journal.log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupArchive() {
    }

    /** Writes an archive; entries are added in order, then {@link #finish} makes it durable. */
    public static final class Writer implements AutoCloseable {
        private final Path tmp;
        private final FileChannel channel;
        private final ZipOutputStream zip;
        private final Map<String, Manifest.FileEntry> files = new LinkedHashMap<>();
        private final List<Manifest.NamespaceEntry> namespaces = new ArrayList<>();
        private long entries;
        private boolean finished;

        Writer(Path tmp) throws IOException {
            this.tmp = tmp;
            this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            OutputStream file = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
            this.zip = new ZipOutputStream(file);
            zip.setLevel(Deflater.BEST_SPEED);
        }

        /** Copies one namespace's entries (key, stored value), in key order. */
        public void namespace(String name, Compression compression, Iterator<Map.Entry<byte[], byte[]>> content) throws IOException {
            String file = "namespaces/" + name + ".kv";
            long count = 0;
            try (HashingStream out = entry(file)) {
                DataOutputStream data = new DataOutputStream(out);
                while (content.hasNext()) {
                    Map.Entry<byte[], byte[]> e = content.next();
                    data.writeInt(e.getKey().length);
                    data.write(e.getKey());
                    data.writeInt(e.getValue().length);
                    data.write(e.getValue());
                    count++;
                }
                data.flush();
            }
            namespaces.add(new Manifest.NamespaceEntry(name, compression.name(), count, file));
            entries += count;
        }

        /** Copies journal records {@code from..to} (inclusive). */
        public void journal(Journal journal, long from, long to) throws IOException {
            try (HashingStream out = entry(JOURNAL)) {
                IOException[] failure = {null};
                journal.replay(from, to, record -> {
                    try {
                        out.write(record.toFrame());
                        return true;
                    } catch (IOException e) {
                        failure[0] = e;
                        return false;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
        }

        private HashingStream entry(String name) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            return new HashingStream(zip, name);
        }

        /** Writes the manifest, forces the archive to disk and moves it to {@code <dir>/<id>.zip}. */
        public BackupInfo finish(Path dir, Instant created, long snapshotStart, long position) throws IOException {
            String id = BackupCatalog.newId(created, position);
            Manifest manifest = new Manifest(1, id, created.toString(), created.toEpochMilli(), snapshotStart, position,
                    namespaces, files);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            channel.force(true);
            zip.close();
            finished = true;
            Path target = dir.resolve(id + ".zip");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Journal.syncDirectory(dir);
            return new BackupInfo(id, created, position, namespaces.size(), entries, Files.size(target));
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                try {
                    zip.close();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }

        /** Hashes what goes into one zip entry and records it in the manifest when closed. */
        private final class HashingStream extends FilterOutputStream {
            private final MessageDigest digest = sha256();
            private final String name;
            private long bytes;

            HashingStream(OutputStream out, String name) {
                super(out);
                this.name = name;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                digest.update((byte) b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                digest.update(b, off, len);
                bytes += len;
            }

            @Override
            public void close() throws IOException {
                zip.closeEntry();
                files.put(name, new Manifest.FileEntry(HexFormat.of().formatHex(digest.digest()), bytes));
            }
        }
    }

    /** Starts an archive in {@code dir} (as a temporary file until finished). */
    public static Writer create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new Writer(Files.createTempFile(dir, "backup-", ".zip.tmp"));
    }

    /** Reads the manifest of an archive. */
    public static Manifest manifest(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry(MANIFEST);
            if (entry == null) {
                throw new IOException("no manifest in " + archive.getFileName());
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return JSON.readValue(in, Manifest.class);
            }
        }
    }

    /** Recomputes every entry's SHA-256 and compares with the manifest. */
    public static VerifyResult verify(String id, Path archive) {
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Manifest manifest;
            ZipEntry manifestEntry = zip.getEntry(MANIFEST);
            if (manifestEntry == null) {
                return new VerifyResult(id, false, List.of("manifest.json is missing"));
            }
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = JSON.readValue(in, Manifest.class);
            } catch (IOException e) {
                return new VerifyResult(id, false, List.of("manifest.json is unreadable: " + e.getMessage()));
            }
            if (!id.equals(manifest.id())) {
                problems.add("manifest names backup " + manifest.id() + ", not " + id);
            }
            Set<String> seen = new TreeSet<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (entry.getName().equals(MANIFEST)) {
                    continue;
                }
                Manifest.FileEntry expected = manifest.files() == null ? null : manifest.files().get(entry.getName());
                if (expected == null) {
                    problems.add("entry " + entry.getName() + " is not in the manifest");
                    continue;
                }
                seen.add(entry.getName());
                MessageDigest digest = sha256();
                long bytes = 0;
                try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        bytes += n;
                    }
                } catch (IOException e) {
                    problems.add("entry " + entry.getName() + " is unreadable: " + e.getMessage());
                    continue;
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expected.sha256()) || bytes != expected.bytes()) {
                    problems.add("entry " + entry.getName() + " does not match its SHA-256 in the manifest");
                }
            }
            if (manifest.files() != null) {
                for (String name : manifest.files().keySet()) {
                    if (!seen.contains(name)) {
                        problems.add("entry " + name + " is missing");
                    }
                }
            }
        } catch (IOException e) {
            problems.add("archive is unreadable: " + e.getMessage());
        }
        return new VerifyResult(id, problems.isEmpty(), problems);
    }

    /**
     * Loads a (verified) archive into an empty index: every namespace, then the journal window.
     *
     * @return the manifest loaded
     */
    public static Manifest loadInto(Path archive, IndexWriter writer) throws IOException {
        Manifest manifest = manifest(archive);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (Manifest.NamespaceEntry ns : manifest.namespaces()) {
                IndexWriter.NamespaceState state = writer.define(ns.name(), Compression.valueOf(ns.compression()));
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(zip.getEntry(ns.file())), 1 << 16))) {
                    while (true) {
                        int keyLength;
                        try {
                            keyLength = in.readInt();
                        } catch (EOFException end) {
                            break;
                        }
                        byte[] key = in.readNBytes(keyLength);
                        byte[] value = in.readNBytes(in.readInt());
                        writer.putStored(state, key, value);
                    }
                }
            }
            writer.position(manifest.snapshotStart(), manifest.createdMillis());
            ZipEntry journal = zip.getEntry(JOURNAL);
            if (journal != null) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(journal), 1 << 16))) {
                    while (true) {
                        int length;
                        try {
                            length = in.readInt();
                        } catch (EOFException end) {
                            break;
                        }
                        in.readInt();
                        writer.apply(JournalRecord.decode(in.readNBytes(length)), (ns, key) -> {
                        });
                    }
                }
            }
            writer.position(manifest.position(), Math.max(writer.time(), manifest.createdMillis()));
        }
        return manifest;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
