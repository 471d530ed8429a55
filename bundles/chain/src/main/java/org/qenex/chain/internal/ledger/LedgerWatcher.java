package org.qenex.chain.internal.ledger;

import java.util.List;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.tx.Transaction;

/**
 * Told of what a network may relay: blocks as they join the main chain (once stored) and
 * transactions as they are admitted (once durable). Called on the writer's or submitter's thread,
 * blocks under the chain's write lock: an implementation only hands them on and never blocks.
 */
public interface LedgerWatcher {

    /** Blocks joined the main chain, oldest first (several at once after a reorganisation). */
    void blocksConnected(List<Block> connected);

    /** A transaction was admitted to the mempool. */
    void transactionAdmitted(Transaction tx);
}
