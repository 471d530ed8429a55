package org.qenex.chain.internal.consensus;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;

/**
 * Transactions whose signatures were verified, by the hash of their whole encoding (which covers
 * the signatures), so that a transaction admitted to the mempool is not verified again when it
 * arrives in a block. Bounded: the oldest entries go first.
 */
public final class SignatureCache {

    private final Map<ByteBuffer, Boolean> verified;

    public SignatureCache(int capacity) {
        this.verified = new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Verifies {@code tx}'s signatures unless they were verified before. */
    public void check(Transaction tx) throws ChainException {
        ByteBuffer key = ByteBuffer.wrap(tx.leafHash());
        synchronized (verified) {
            if (verified.containsKey(key)) {
                return;
            }
        }
        if (!tx.signaturesValid()) {
            throw new ChainException(ChainError.BAD_SIGNATURE, "signature does not verify for " + tx.sender());
        }
        synchronized (verified) {
            verified.put(key, Boolean.TRUE);
        }
    }

    public int size() {
        synchronized (verified) {
            return verified.size();
        }
    }
}
