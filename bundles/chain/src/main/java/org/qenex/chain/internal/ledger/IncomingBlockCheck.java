package org.qenex.chain.internal.ledger;

import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;

/**
 * What an imported block must pass before fork choice looks at it: neither it nor its parent was
 * found invalid, the parent is stored, and the header follows from the parent's. Needs neither
 * the head nor the state.
 */
final class IncomingBlockCheck {

    private final ChainDatabase db;
    private final StoredBlocks blocks;
    private final BlockRules rules;
    private final LongSupplier clock;
    private final InvalidBlocks invalid;

    IncomingBlockCheck(ChainDatabase db, StoredBlocks blocks, BlockRules rules, LongSupplier clock, InvalidBlocks invalid) {
        this.db = db;
        this.blocks = blocks;
        this.rules = rules;
        this.clock = clock;
        this.invalid = invalid;
    }

    /**
     * @return the block's parent, or empty when the block is stored already
     * @throws ChainException when the block or its parent is invalid or the parent unknown
     */
    Optional<Block> parentOfNew(Block block) throws ChainException {
        // before the store: the tip of a branch that failed is stored, yet must be refused as invalid
        if (invalid.contains(block.hash())) {
            throw new ChainException(ChainError.KNOWN_INVALID, "block " + block.hashHex() + " was found invalid before");
        }
        if (db.hasBlock(block.hash())) {
            return Optional.empty();
        }
        if (invalid.contains(block.header().previousHash())) {
            invalid.add(block.hash());
            throw new ChainException(ChainError.INVALID_PARENT, "the parent block was found invalid");
        }
        Block parent = blocks.byHash(block.header().previousHash())
                .orElseThrow(() -> new ChainException(ChainError.UNKNOWN_PARENT, "parent "
                        + HexFormat.of().formatHex(block.header().previousHash()) + " is not known"));
        rules.checkHeader(block, parent.header(), clock.getAsLong());
        return Optional.of(parent);
    }
}
