package org.qenex.ai.internal.node;

import java.util.Collection;

import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;

/**
 * How many candidates have been tested against each task's held-out rows, per data hash (so per
 * epoch: new held-out rows, new data hash, a fresh count). Stored in namespace {@value #NAMESPACE}
 * under {@code task@dataHash}, so a restart does not refill the alpha an epoch has spent.
 */
final class GateSpending {

    static final String NAMESPACE = "ai.gate-spending";

    private final Namespace<String, Long> counts;

    GateSpending(Store store) {
        this.counts = store.namespace(NAMESPACE, Codecs.STRING, Codecs.LONG);
    }

    /**
     * Counts one more test against each of {@code keys} ({@code task@dataHash}) and returns the
     * largest count: the candidate is the i-th test of the most-used epoch it touches.
     */
    synchronized long spend(Collection<String> keys) {
        long index = 1;
        for (String key : keys) {
            long next = counts.get(key).orElse(0L) + 1;
            counts.put(key, next);
            index = Math.max(index, next);
        }
        return index;
    }

    static String key(String task, String dataHash) {
        return task + "@" + dataHash;
    }
}
