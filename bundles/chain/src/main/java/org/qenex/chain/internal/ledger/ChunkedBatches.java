package org.qenex.chain.internal.ledger;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Store;

/**
 * Store batches of at most 20,000 operations, for rewrites too large for one (a rebuilt state, a
 * migrated tree): not atomic as a whole, so their callers mark the rewrite done only in the last.
 */
final class ChunkedBatches {

    private static final int OPERATIONS = 20_000;

    private final Store store;
    private Batch current;

    ChunkedBatches(Store store) {
        this.store = store;
        this.current = store.batch();
    }

    /** The batch to add the next operation to. */
    Batch next() {
        if (current.size() >= OPERATIONS) {
            current.commit();
            current = store.batch();
        }
        return current;
    }

    /** Commits what is left. */
    void commit() {
        if (current.size() > 0) {
            current.commit();
        }
        current = store.batch();
    }
}
