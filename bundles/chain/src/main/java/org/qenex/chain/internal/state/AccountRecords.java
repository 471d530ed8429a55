package org.qenex.chain.internal.state;

import java.util.Map;
import java.util.function.BiConsumer;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * Where the head's accounts live: in memory (replays, tests) or in the node's store behind a
 * bounded cache, so that a million accounts need not fit the heap.
 */
public interface AccountRecords {

    /** The account, or {@code null} when it is empty. */
    Account get(AccountId id);

    /** Makes a block's account changes ({@link Account#EMPTY}: removed) visible, once they are durable. */
    void apply(Map<AccountId, Account> changes);

    /** Every non-empty account, in id order. */
    void forEach(BiConsumer<AccountId, Account> action);
}
