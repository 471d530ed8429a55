package org.qenex.chain.internal.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;

/**
 * The blocks in a {@link ChainDatabase}, decoded. Only blocks that passed the header rules are
 * stored, so one that is missing where the chain points to it, or does not decode, means a
 * damaged store: that is an {@link IllegalStateException}, not a {@link ChainException}.
 */
final class StoredBlocks {

    private final ChainDatabase db;

    StoredBlocks(ChainDatabase db) {
        this.db = db;
    }

    /** A block the chain refers to, so it must be stored. */
    Block load(byte[] hash) {
        return decode(db.block(hash).orElseThrow(() -> new IllegalStateException("block missing from the store")));
    }

    Optional<Block> byHash(byte[] hash) {
        return db.block(hash).map(StoredBlocks::decode);
    }

    Optional<Block> atHeight(long height) {
        return db.hashAt(height).map(this::load);
    }

    boolean onMainChain(Block block) {
        return db.hashAt(block.height()).map(h -> Arrays.equals(h, block.hash())).orElse(false);
    }

    /**
     * Where a transaction stands on the main chain. {@code headHeight} is asked only once the
     * block is found there, so the confirmations count from the head as late as possible. The
     * index gives the block's height and the transaction's offset in it, so only the transaction
     * is decoded (entries an older version wrote, without them, decode the block).
     */
    Optional<TransactionLocation> transaction(byte[] id, LongSupplier headHeight) {
        Optional<byte[]> location = db.transactionLocation(id);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer at = ByteBuffer.wrap(location.get());
        byte[] blockHash = new byte[32];
        at.get(blockHash);
        int index = at.getInt();
        if (!at.hasRemaining()) {
            Block block = load(blockHash);
            if (!onMainChain(block)) {
                return Optional.empty();
            }
            return Optional.of(new TransactionLocation(block.transactions().get(index), block.hash(), block.height(), index,
                    headHeight.getAsLong() - block.height() + 1));
        }
        long height = at.getLong();
        int offset = at.getInt();
        if (!db.hashAt(height).map(h -> Arrays.equals(h, blockHash)).orElse(false)) {
            return Optional.empty();
        }
        byte[] encoded = db.block(blockHash).orElseThrow(() -> new IllegalStateException("block missing from the store"));
        Transaction tx;
        try {
            tx = BlockCodec.storedTransaction(encoded, offset);
        } catch (ChainException e) {
            throw new IllegalStateException("a stored transaction does not decode: " + e, e);
        }
        if (!Arrays.equals(tx.id(), id)) {
            throw new IllegalStateException("the transaction index points at another transaction");
        }
        return Optional.of(new TransactionLocation(tx, blockHash, height, index, headHeight.getAsLong() - height + 1));
    }

    private static Block decode(byte[] bytes) {
        try {
            // no size limits: the block met them when it was stored
            return BlockCodec.decode(bytes, Integer.MAX_VALUE, Integer.MAX_VALUE);
        } catch (ChainException e) {
            throw new IllegalStateException("a stored block does not decode: " + e, e);
        }
    }
}
