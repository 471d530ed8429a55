package org.qenex.chain.internal.ledger;

import java.util.HexFormat;

import org.qenex.chain.internal.tx.Transaction;

/**
 * A confirmed transaction and where it is.
 *
 * @param transaction the transaction
 * @param blockHash the hash of the main-chain block that holds it
 * @param blockHeight that block's height
 * @param index its position in the block
 * @param confirmations blocks from it to the head, counting its own
 */
public record TransactionLocation(Transaction transaction, byte[] blockHash, long blockHeight, int index, long confirmations) {

    public String blockHashHex() {
        return HexFormat.of().formatHex(blockHash);
    }
}
