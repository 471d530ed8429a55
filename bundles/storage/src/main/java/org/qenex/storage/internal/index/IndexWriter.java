package org.qenex.storage.internal.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.mapdb.BTreeMap;
import org.qenex.api.storage.Compression;
import org.qenex.storage.internal.StoredValues;
import org.qenex.storage.internal.journal.JournalRecord;
import org.qenex.storage.internal.journal.Op;

/**
 * Applies journal records to a {@link MapIndex} and keeps each namespace's exact figures.
 * Callers serialize {@link #apply} (the store holds its apply lock).
 */
public final class IndexWriter {

    /** One namespace as the index holds it. Figures change only inside {@link #apply}. */
    public static final class NamespaceState {
        public final String name;
        public final int id;
        /** Keys and values as the nodes hold them: {@link #stored} gives a value's stored form. */
        public final BTreeMap<byte[], byte[]> map;
        private final OutOfNodeValues values;
        volatile Compression compression;
        long entries;
        long keyBytes;
        long valueBytes;
        long storedBytes;

        NamespaceState(String name, int id, BTreeMap<byte[], byte[]> map, OutOfNodeValues values, Compression compression) {
            this.name = name;
            this.id = id;
            this.map = map;
            this.values = values;
            this.compression = compression;
        }

        /** The stored form of a value as {@link #map} holds it. */
        public byte[] stored(byte[] held) {
            return values.resolve(held);
        }

        public Compression compression() {
            return compression;
        }

        public long entries() {
            return entries;
        }

        public IndexState.NamespaceFigures figures() {
            return new IndexState.NamespaceFigures(name, compression, entries, keyBytes, valueBytes, storedBytes);
        }
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private final MapIndex index;
    private final Map<String, NamespaceState> namespaces = new ConcurrentHashMap<>();
    private volatile long sequence;
    private volatile long time;

    public IndexWriter(MapIndex index, IndexState state) {
        this.index = index;
        this.sequence = state.sequence();
        this.time = state.time();
        for (IndexState.NamespaceFigures f : state.namespaces()) {
            NamespaceState ns = define(f.name(), f.compression());
            ns.entries = f.entries();
            ns.keyBytes = f.keyBytes();
            ns.valueBytes = f.valueBytes();
            ns.storedBytes = f.storedBytes();
        }
    }

    public MapIndex index() {
        return index;
    }

    /** The namespace, or {@code null}. */
    public NamespaceState namespace(String name) {
        return namespaces.get(name);
    }

    /** All namespaces (unordered). */
    public List<NamespaceState> namespaces() {
        return new ArrayList<>(namespaces.values());
    }

    /** The last record applied. */
    public long sequence() {
        return sequence;
    }

    public long time() {
        return time;
    }

    /** The namespace, created with {@code compression} if missing, else switched to it. */
    public NamespaceState define(String name, Compression compression) {
        NamespaceState ns = namespaces.computeIfAbsent(name,
                n -> new NamespaceState(n, IDS.incrementAndGet(), index.map(n), index.values(), compression));
        ns.compression = compression;
        return ns;
    }

    /**
     * Applies one record; {@code changed} hears every (namespace id, key) written or deleted, so
     * that caches can drop it.
     */
    public void apply(JournalRecord record, BiConsumer<Integer, byte[]> changed) {
        for (Op op : record.ops()) {
            switch (op.type()) {
                case DEFINE -> define(op.namespace(), op.compression());
                case PUT -> {
                    NamespaceState ns = require(op.namespace());
                    putStored(ns, op.key(), op.value());
                    changed.accept(ns.id, op.key());
                }
                case DELETE -> {
                    NamespaceState ns = require(op.namespace());
                    byte[] old = ns.map.remove(op.key());
                    if (old != null) {
                        forget(ns, op.key(), old);
                    }
                    changed.accept(ns.id, op.key());
                }
                case DROP -> drop(op.namespace());
            }
        }
        sequence = record.sequence();
        time = record.time();
    }

    /**
     * Forgets the namespace and empties its map. The map object stays with the index (MapDB keeps
     * it), so a later definition under the same name starts from an empty map. Read-cache entries of
     * the dropped namespace are never served again: a new definition gets a new id.
     */
    private void drop(String name) {
        NamespaceState ns = namespaces.remove(name);
        if (ns != null) {
            ns.map.values().forEach(ns.values::release);
            ns.map.clear();
        }
    }

    /**
     * Writes a value in its stored form, keeping figures (used by apply and by backup import). A
     * large value replacing a large one is written over its record, and the node is rewritten only
     * if the reference changed (the lengths): the accounts' tree pages change their hashes, not
     * their lengths, at every block.
     */
    public void putStored(NamespaceState ns, byte[] key, byte[] stored) {
        byte[] old = stored.length > OutOfNodeValues.INLINE_LIMIT ? ns.map.get(key) : null;
        if (old != null && OutOfNodeValues.isReference(old)) {
            byte[] held = ns.values.overwrite(old, stored);
            if (!Arrays.equals(held, old)) {
                ns.map.put(key, held);
            }
            uncount(ns, key, old);
        } else {
            old = ns.map.put(key, ns.values.place(stored));
            if (old != null) {
                forget(ns, key, old);
            }
        }
        ns.entries++;
        ns.keyBytes += key.length;
        ns.valueBytes += StoredValues.rawLength(stored);
        ns.storedBytes += stored.length;
    }

    /** Sets the position reached, for an import that ends at a known record. */
    public void position(long sequence, long time) {
        this.sequence = sequence;
        this.time = time;
    }

    /** Takes a removed or replaced value (as the node held it) out of the figures and frees its record. */
    private static void forget(NamespaceState ns, byte[] key, byte[] old) {
        ns.values.release(old);
        uncount(ns, key, old);
    }

    /** Takes a removed or replaced value (as the node held it) out of the figures. */
    private static void uncount(NamespaceState ns, byte[] key, byte[] old) {
        ns.entries--;
        ns.keyBytes -= key.length;
        ns.valueBytes -= OutOfNodeValues.rawLength(old);
        ns.storedBytes -= OutOfNodeValues.storedLength(old);
    }

    private NamespaceState require(String name) {
        NamespaceState ns = namespaces.get(name);
        if (ns == null) {
            // A journal never holds a write before its namespace's definition.
            throw new IllegalStateException("journal writes to undefined namespace " + name);
        }
        return ns;
    }

    /** The state to checkpoint: position and every namespace's figures. */
    public IndexState state() {
        List<IndexState.NamespaceFigures> figures = new ArrayList<>();
        for (NamespaceState ns : namespaces.values()) {
            figures.add(ns.figures());
        }
        figures.sort((a, b) -> a.name().compareTo(b.name()));
        return new IndexState(sequence, time, figures);
    }
}
