package org.qenex.storage.internal.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;

import kotlin.collections.LongIterator;

import org.mapdb.BTreeMapJava;
import org.mapdb.Serializer;
import org.mapdb.StoreTx;

/**
 * The index's MapDB store with a bounded cache of decoded B-tree nodes in front of it.
 *
 * <p>Why: MapDB's write-ahead store keeps no decoded objects, so every B-tree read or write
 * descends from the root decoding each node on the way (and a node written since the last
 * checkpoint is first read back from the log). At about 500,000 accounts and as many transactions
 * that was half of the store's apply thread and an eighth of a block import's own thread (profiled in
 * {@code LedgerFill}), growing with the trees' depth. The upper levels, read by every operation,
 * stay here, and so do the leaves recent blocks wrote.
 *
 * <p>Correct because MapDB's B-tree never changes a node it has read or written: each change makes
 * a new node (its key and value arrays copied) and stores it with {@code update}, which is how
 * MapDB's own on-heap store can hand out the same object to every reader. A node is cached as
 * written or as read; an update replaces it, a delete or a rollback drops it (MapDB's B-tree never
 * deletes a node, so a node's record id is never reused for another record). A read that missed
 * caches what it decoded only if no write touched its stripe meanwhile, so a node read before a
 * write is never cached after it. Other records (large values, counters, the catalog) pass through.
 * Nothing outside MapDB gets a node's arrays: reads decode values into new arrays and scans copy
 * their keys ({@code IndexReads}).
 */
final class NodeCachingStore implements StoreTx {

    private static final int STRIPES = 16;
    /** Per node, beyond its keys and values: the node, its two arrays, the map entry. */
    private static final int NODE_OVERHEAD = 128;
    /** Per key or value: its array's header and the reference to it. */
    private static final int ELEMENT_OVERHEAD = 24;
    // a node's key and value arrays, to weigh it (MapDB keeps them package-private)
    private static final VarHandle KEYS;
    private static final VarHandle VALUES;

    static {
        try {
            MethodHandles.Lookup node = MethodHandles.privateLookupIn(BTreeMapJava.Node.class, MethodHandles.lookup());
            KEYS = node.findVarHandle(BTreeMapJava.Node.class, "keys", Object.class);
            VALUES = node.findVarHandle(BTreeMapJava.Node.class, "values", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StoreTx store;
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    NodeCachingStore(StoreTx store, long maxBytes) {
        this.store = store;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(maxBytes / STRIPES);
        }
    }

    private Stripe stripe(long recid) {
        return stripes[(int) (recid ^ (recid >>> 17)) & (STRIPES - 1)];
    }

    private static boolean isNode(Serializer<?> serializer) {
        return serializer instanceof BTreeMapJava.NodeSerializer;
    }

    @Override
    public <R> R get(long recid, Serializer<R> serializer) {
        if (!isNode(serializer)) {
            return store.get(recid, serializer);
        }
        Stripe stripe = stripe(recid);
        long writes;
        synchronized (stripe) {
            Cached cached = stripe.nodes.get(recid);
            if (cached != null) {
                hits.increment();
                @SuppressWarnings("unchecked")
                R node = (R) cached.node();
                return node;
            }
            writes = stripe.writes;
        }
        misses.increment();
        R node = store.get(recid, serializer);
        if (node != null) {
            synchronized (stripe) {
                if (stripe.writes == writes) {
                    stripe.add(recid, (BTreeMapJava.Node) node);
                }
            }
        }
        return node;
    }

    @Override
    public <R> long put(R record, Serializer<R> serializer) {
        long recid = store.put(record, serializer);
        if (isNode(serializer) && record != null) {
            remember(recid, (BTreeMapJava.Node) record);
        }
        return recid;
    }

    @Override
    public <R> void update(long recid, R record, Serializer<R> serializer) {
        if (!isNode(serializer)) {
            store.update(recid, record, serializer);
            return;
        }
        forget(recid);
        store.update(recid, record, serializer);
        if (record != null) {
            remember(recid, (BTreeMapJava.Node) record);
        }
    }

    @Override
    public <R> boolean compareAndSwap(long recid, R expectedOldRecord, R newRecord, Serializer<R> serializer) {
        if (isNode(serializer)) {
            forget(recid);
        }
        return store.compareAndSwap(recid, expectedOldRecord, newRecord, serializer);
    }

    @Override
    public <R> void delete(long recid, Serializer<R> serializer) {
        if (isNode(serializer)) {
            forget(recid);
        }
        store.delete(recid, serializer);
    }

    /** Caches a node just written, counting the write (a read that missed meanwhile does not cache its older node). */
    private void remember(long recid, BTreeMapJava.Node node) {
        Stripe stripe = stripe(recid);
        synchronized (stripe) {
            stripe.writes++;
            stripe.add(recid, node);
        }
    }

    private void forget(long recid) {
        Stripe stripe = stripe(recid);
        synchronized (stripe) {
            stripe.writes++;
            stripe.remove(recid);
        }
    }

    private void clear() {
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                stripe.writes++;
                stripe.nodes.clear();
                stripe.bytes = 0;
            }
        }
    }

    @Override
    public void rollback() {
        clear();
        store.rollback();
    }

    @Override
    public void compact() {
        clear();
        store.compact();
    }

    @Override
    public void close() {
        clear();
        store.close();
    }

    @Override
    public long preallocate() {
        return store.preallocate();
    }

    @Override
    public void commit() {
        store.commit();
    }

    @Override
    public boolean isClosed() {
        return store.isClosed();
    }

    @Override
    public void verify() {
        store.verify();
    }

    @Override
    public boolean isReadOnly() {
        return store.isReadOnly();
    }

    @Override
    public boolean fileLoad() {
        return store.fileLoad();
    }

    @Override
    public LongIterator getAllRecids() {
        return store.getAllRecids();
    }

    @Override
    public Iterable<String> getAllFiles() {
        return store.getAllFiles();
    }

    @Override
    public boolean isThreadSafe() {
        return store.isThreadSafe();
    }

    @Override
    public void checkThreadSafe() {
        store.checkThreadSafe();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    /** Decoded nodes held now and their weight, summed over the stripes (each read under its lock). */
    long[] held() {
        long nodes = 0;
        long bytes = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                nodes += stripe.nodes.size();
                bytes += stripe.bytes;
            }
        }
        return new long[] {nodes, bytes};
    }

    /** About how much heap a node takes: its keys and values (or children) and the objects holding them. */
    static int weight(BTreeMapJava.Node node) {
        return NODE_OVERHEAD + arrayWeight(KEYS.get(node)) + arrayWeight(VALUES.get(node));
    }

    private static int arrayWeight(Object array) {
        if (array instanceof byte[][] elements) {
            int weight = 16;
            for (byte[] element : elements) {
                weight += ELEMENT_OVERHEAD + (element == null ? 0 : element.length);
            }
            return weight;
        }
        if (array instanceof long[] children) {
            return 16 + 8 * children.length;
        }
        // another serializer's arrays (the index uses byte arrays only): a node's most
        return 16 + 32 * (ELEMENT_OVERHEAD + 256);
    }

    private record Cached(BTreeMapJava.Node node, int weight) {
    }

    /** A share of the cache, least recently used first; guarded by its own monitor. */
    private static final class Stripe {

        private final long maxBytes;
        private final LinkedHashMap<Long, Cached> nodes = new LinkedHashMap<>(256, 0.75f, true);
        private long bytes;
        /** Counts writes, so that a read that missed can tell whether its node is still current. */
        private long writes;

        Stripe(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        void add(long recid, BTreeMapJava.Node node) {
            int weight = weight(node);
            if (weight > maxBytes) {
                remove(recid);
                return;
            }
            remove(recid);
            nodes.put(recid, new Cached(node, weight));
            bytes += weight;
            Iterator<Cached> eldest = nodes.values().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                bytes -= eldest.next().weight();
                eldest.remove();
            }
        }

        void remove(long recid) {
            Cached removed = nodes.remove(recid);
            if (removed != null) {
                bytes -= removed.weight();
            }
        }
    }
}
