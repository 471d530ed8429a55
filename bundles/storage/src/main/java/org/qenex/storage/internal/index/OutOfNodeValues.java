package org.qenex.storage.internal.index;

import java.nio.ByteBuffer;

import org.mapdb.Serializer;
import org.mapdb.Store;
import org.qenex.storage.internal.StoredValues;

/**
 * Keeps large stored values out of the B-tree nodes: such a value becomes a record of its own in
 * the index's MapDB store, and the node holds a short reference to it.
 *
 * <p>Why: a MapDB B-tree node holds up to 32 entries with their values, and every put or get
 * deserializes the whole node (and a put serializes it again). With blocks of up to 1 MB in a
 * node, storing one block rewrote some 20 MB, and reading one block for a peer decoded as much: in
 * a node profiled under 1,000 transfers a second, MapDB's node (de)serialization was most of the
 * heap allocated and most of the store's apply. With references a node stays small whatever the
 * values, and a large value is read or written once, alone.
 *
 * <p>The reference is an index-internal form: the journal, backups and reads only ever see the
 * stored form ({@link StoredValues}). Its first byte cannot start a stored form, so a node may
 * hold both, and an index written before this class (everything inline) is read unchanged. A
 * record and the node pointing to it change in the same MapDB transaction (the checkpoint), so a
 * crash leaves both or neither, and the journal replays the rest as always.
 */
public final class OutOfNodeValues {

    /**
     * Stored forms longer than this get a record of their own: 32 inline values then stay within
     * 8 KiB a node. The chain's tree pages (up to about 900 bytes, rewritten at every block) are
     * then records, which a block overwrites without touching their nodes; transactions (about 150
     * bytes), accounts and index entries stay inline.
     */
    public static final int INLINE_LIMIT = 256;

    /** The first byte of a reference; stored forms start with 0, 1 or 2. */
    private static final byte REFERENCE = 0x52;
    /** Marker, record id, the stored form's length and the raw value's length. */
    private static final int REFERENCE_LENGTH = 1 + 8 + 4 + 4;

    private final Store store;

    OutOfNodeValues(Store store) {
        this.store = store;
    }

    /** What a node holds for {@code stored}: the stored form itself, or a reference to a new record holding it. */
    byte[] place(byte[] stored) {
        if (stored.length <= INLINE_LIMIT) {
            return stored;
        }
        return reference(store.put(stored, Serializer.BYTE_ARRAY_NOSIZE), stored);
    }

    /** The stored form a node's value stands for (read from its record if it is a reference). */
    public byte[] resolve(byte[] held) {
        if (!isReference(held)) {
            return held;
        }
        byte[] stored = store.get(recid(held), Serializer.BYTE_ARRAY_NOSIZE);
        if (stored == null || stored.length != storedLength(held)) {
            throw new IllegalStateException("the index's record " + recid(held) + " does not hold the value its reference says ("
                    + (stored == null ? "missing" : stored.length + " bytes") + ", expected " + storedLength(held) + ")");
        }
        return stored;
    }

    /**
     * What a node holds for {@code stored}, longer than {@link #INLINE_LIMIT}, replacing {@code old},
     * a reference: the old record written over, its id kept, so a value of the same lengths leaves
     * the reference, and with it the node, unchanged.
     */
    byte[] overwrite(byte[] old, byte[] stored) {
        long recid = recid(old);
        store.update(recid, stored, Serializer.BYTE_ARRAY_NOSIZE);
        return reference(recid, stored);
    }

    private static byte[] reference(long recid, byte[] stored) {
        return ByteBuffer.allocate(REFERENCE_LENGTH).put(REFERENCE).putLong(recid).putInt(stored.length)
                .putInt(StoredValues.rawLength(stored)).array();
    }

    /** Frees the record of a node's value that was replaced or removed; an inline value needs nothing. */
    void release(byte[] held) {
        if (isReference(held)) {
            store.delete(recid(held), Serializer.BYTE_ARRAY_NOSIZE);
        }
    }

    /** Whether a node's value is a reference (else it is the stored form itself). */
    public static boolean isReference(byte[] held) {
        return held.length == REFERENCE_LENGTH && held[0] == REFERENCE;
    }

    /** The length of the stored form a node's value stands for. */
    static int storedLength(byte[] held) {
        return isReference(held) ? ByteBuffer.wrap(held, 9, 4).getInt() : held.length;
    }

    /** The length of the raw value a node's value stands for. */
    static long rawLength(byte[] held) {
        return isReference(held) ? ByteBuffer.wrap(held, 13, 4).getInt() : StoredValues.rawLength(held);
    }

    private static long recid(byte[] held) {
        return ByteBuffer.wrap(held, 1, 8).getLong();
    }
}
