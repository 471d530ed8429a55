package org.qenex.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;

/** A batch collecting encoded writes, committed as one journal record. */
final class JournalBatch implements Batch {

    private final Supplier<StorageEngine> engine;
    private final List<BatchOp> ops = new ArrayList<>();
    private long bytes;
    private String unusable;

    JournalBatch(Supplier<StorageEngine> engine) {
        this.engine = engine;
    }

    @Override
    public <K, V> Batch put(Namespace<K, V> namespace, K key, V value) {
        return add(namespace, key, value, true);
    }

    @Override
    public <K, V> Batch delete(Namespace<K, V> namespace, K key) {
        return add(namespace, key, null, false);
    }

    private <K, V> Batch add(Namespace<K, V> namespace, K key, V value, boolean put) {
        checkUsable();
        try {
            if (!(namespace instanceof NamespaceHandle<K, V> handle)) {
                throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "namespace does not come from this store");
            }
            byte[] k = handle.encodeKey(key);
            byte[] v = put ? handle.encodeValue(value) : null;
            bytes += k.length + (v == null ? 0 : v.length);
            if (ops.size() >= Store.MAX_BATCH_OPERATIONS || bytes > Store.MAX_BATCH_BYTES) {
                throw new InvalidInputException(StorageException.BATCH_TOO_LARGE, "a batch holds at most "
                        + Store.MAX_BATCH_OPERATIONS + " operations and " + Store.MAX_BATCH_BYTES + " bytes");
            }
            ops.add(new BatchOp(handle.name(), k, v));
            return this;
        } catch (RuntimeException e) {
            unusable = "aborted by an earlier error: " + e.getMessage();
            ops.clear();
            throw e;
        }
    }

    private void checkUsable() {
        if (unusable != null) {
            throw new StorageException(StorageException.BATCH_UNUSABLE, "batch " + unusable);
        }
    }

    @Override
    public int size() {
        return ops.size();
    }

    @Override
    public long commit() {
        checkUsable();
        unusable = "already committed";
        return engine.get().commit(List.copyOf(ops));
    }
}
