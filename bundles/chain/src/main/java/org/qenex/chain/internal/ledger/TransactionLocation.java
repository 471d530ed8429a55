package org.qenex.chain.internal.ledger;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.tx.Transaction;

/**
 * A confirmed transaction and where it is.
 *
 * @param transaction the transaction
 * @param block the main-chain block that holds it
 * @param index its position in the block
 * @param confirmations blocks from it to the head, counting its own
 */
public record TransactionLocation(Transaction transaction, Block block, int index, long confirmations) {
}
