package org.qenex.chain.internal.ledger;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The hashes of blocks found invalid, so that a block sent again, or one built on it, is refused
 * without being validated again.
 */
final class InvalidBlocks {

    private final Set<ByteBuffer> hashes = Collections.synchronizedSet(new HashSet<>());

    boolean contains(byte[] hash) {
        return hashes.contains(ByteBuffer.wrap(hash));
    }

    void add(byte[] hash) {
        hashes.add(ByteBuffer.wrap(hash));
    }
}
