package org.qenex.storage.internal.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
import org.mapdb.StoreTx;
import org.qenex.storage.internal.StoredValues;

/**
 * The MapDB index of the journal: one BTreeMap per namespace (keys ordered as unsigned bytes by
 * MapDB's byte-array serializer) and a meta map holding the {@link IndexState} of the last
 * checkpoint, both in one file DB with transactions, memory-mapped, its B-tree nodes cached
 * decoded ({@link NodeCachingStore}).
 *
 * <p>The index is never the only copy of anything: it can always be rebuilt from the journal
 * (and a backup), so any doubt about it is answered by rebuilding.
 */
public final class MapIndex implements Closeable {

    private static final String DB_FILE = "index.db";
    private static final String CLEAN_MARKER = "clean";
    private static final String STATE = "state";
    private static final String MAP_PREFIX = "ns.";
    /** The node cache's default size, and that of an index opened without one (a restore's staging, tests). */
    public static final long DEFAULT_NODE_CACHE_BYTES = 32L << 20;

    private final Path dir;
    private final DB db;
    private final NodeCachingStore nodes;
    private final HTreeMap<String, byte[]> meta;
    private final OutOfNodeValues values;
    private final Map<String, BTreeMap<byte[], byte[]>> maps = new ConcurrentHashMap<>();
    private final boolean closedCleanly;

    private MapIndex(Path dir, DB db, NodeCachingStore nodes, boolean closedCleanly) {
        this.dir = dir;
        this.db = db;
        this.nodes = nodes;
        this.closedCleanly = closedCleanly;
        this.meta = db.hashMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.values = new OutOfNodeValues(db.getStore());
    }

    /**
     * Opens or creates the index in {@code dir}. Consumes the clean-shutdown marker, so that a crash
     * from now on is seen at the next open.
     */
    public static MapIndex open(Path dir) throws IOException {
        return open(dir, DEFAULT_NODE_CACHE_BYTES);
    }

    /** As {@link #open(Path)}, the decoded B-tree nodes cached up to about {@code nodeCacheBytes} of heap. */
    public static MapIndex open(Path dir, long nodeCacheBytes) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(CLEAN_MARKER);
        boolean clean = Files.exists(marker);
        DB made = DBMaker.fileDB(dir.resolve(DB_FILE).toFile())
                .fileMmapEnableIfSupported()
                .cleanerHackEnable()
                .transactionEnable()
                .make();
        // MapDB's maker builds the store (file, memory map, lock) and a DB on it, which has set up a
        // new file's catalog by now; the DB used from here is a second one over the cached store
        // (the first is dropped unclosed: closing it would close the store)
        NodeCachingStore nodes = new NodeCachingStore((StoreTx) made.getStore(), nodeCacheBytes);
        DB db;
        try {
            db = new DB(nodes, true, true, MapIndex.class.getClassLoader(), 0);
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
        try {
            MapIndex index = new MapIndex(dir, db, nodes, clean);
            Files.deleteIfExists(marker);
            return index;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Whether the index was closed cleanly last time (then it needs no full verification). */
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /** The state of the last checkpoint, or the empty state for a new index. */
    public IndexState state() {
        byte[] bytes = meta.get(STATE);
        return bytes == null ? IndexState.empty() : IndexState.decode(bytes);
    }

    /** The node cache's hits and misses since the index was opened, and the nodes it holds now and their weight in bytes. */
    public long[] nodeCacheFigures() {
        long[] held = nodes.held();
        return new long[] {nodes.hits(), nodes.misses(), held[0], held[1]};
    }

    /** Drops what was applied since the last checkpoint (tests: the store itself replays its journal instead). */
    void rollbackToCheckpoint() {
        db.rollback();
    }

    /** Where the namespaces' large values are kept (see {@link OutOfNodeValues}). */
    public OutOfNodeValues values() {
        return values;
    }

    /** The map of one namespace, created if missing; its values are as {@link OutOfNodeValues} holds them. */
    public BTreeMap<byte[], byte[]> map(String namespace) {
        return maps.computeIfAbsent(namespace, n -> db.treeMap(MAP_PREFIX + n, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
                .createOrOpen());
    }

    /** Makes everything applied so far durable in the index, as {@code state}. */
    public void checkpoint(IndexState state) {
        meta.put(STATE, state.encode());
        db.commit();
    }

    /**
     * Reads every entry of every namespace of {@code expected} and checks that keys are strictly
     * ascending (which also stops a damaged tree that cycles), stored values well formed, and the
     * figures equal to those recorded. Stops early when {@code cancelled} says so.
     *
     * @return {@code null} if the index matches, else what is wrong
     */
    public String verify(IndexState expected, BooleanSupplier cancelled) {
        for (IndexState.NamespaceFigures figures : expected.namespaces()) {
            long entries = 0;
            long keyBytes = 0;
            long valueBytes = 0;
            long storedBytes = 0;
            byte[] previous = null;
            for (Map.Entry<byte[], byte[]> e : map(figures.name()).entrySet()) {
                byte[] key = e.getKey();
                if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                    return "keys out of order in namespace " + figures.name();
                }
                if (++entries > figures.entries()) {
                    return "namespace " + figures.name() + " has more entries than the " + figures.entries() + " recorded";
                }
                if ((entries & 1023) == 0 && cancelled.getAsBoolean()) {
                    return "verification cancelled";
                }
                byte[] stored;
                try {
                    stored = values.resolve(e.getValue());
                    valueBytes += StoredValues.rawLength(stored);
                } catch (RuntimeException bad) { // a malformed stored form, or a reference to a record MapDB cannot give back
                    return "malformed value in namespace " + figures.name() + ": " + bad.getMessage();
                }
                keyBytes += key.length;
                storedBytes += stored.length;
                previous = key;
            }
            if (entries != figures.entries() || keyBytes != figures.keyBytes() || valueBytes != figures.valueBytes()
                    || storedBytes != figures.storedBytes()) {
                return "namespace " + figures.name() + " holds " + entries + " entries / " + keyBytes + " key bytes / "
                        + storedBytes + " stored bytes, recorded " + figures.entries() + " / " + figures.keyBytes() + " / "
                        + figures.storedBytes();
            }
        }
        return null;
    }

    /** Size of the index files. */
    public long sizeBytes() {
        return directorySize(dir);
    }

    static long directorySize(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Closes without checkpointing: the next open replays the journal from the last checkpoint. */
    public void abandon() {
        db.close();
    }

    /** Checkpoints {@code finalState}, closes, and marks the index as cleanly closed. */
    public void closeCleanly(IndexState finalState) throws IOException {
        checkpoint(finalState);
        db.close();
        Files.writeString(dir.resolve(CLEAN_MARKER), Long.toString(finalState.sequence()));
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }
}
