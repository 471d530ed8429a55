package org.qenex.chain.internal.ledger;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;

/**
 * What an imported block must pass before fork choice looks at it: neither it nor its parent was
 * found invalid, the parent is stored, and the header follows from the parent's. Needs no state;
 * the head only to answer its two common cases without the store.
 */
final class IncomingBlockCheck {

    private final ChainDatabase db;
    private final StoredBlocks blocks;
    private final BlockRules rules;
    private final LongSupplier clock;
    private final InvalidBlocks invalid;
    private final Supplier<Block> head;

    /** {@code head}: the main chain's tip as the chain's writer sees it (read without a lock). */
    IncomingBlockCheck(ChainDatabase db, StoredBlocks blocks, BlockRules rules, LongSupplier clock, InvalidBlocks invalid,
            Supplier<Block> head) {
        this.db = db;
        this.blocks = blocks;
        this.rules = rules;
        this.clock = clock;
        this.invalid = invalid;
        this.head = head;
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
        // The common cases from memory: a block on the head (a new block), or the head itself (a second
        // copy from another peer). The store would make both wait while the previous block's batch is
        // applied to its index (a second and more for a block of 5,000 transfers on a loaded node), and
        // would decode the whole parent to read its header. A block whose parent is the head cannot be
        // stored already: it would have been connected, and the head would be it or a descendant.
        Block tip = head.get();
        if (tip != null && Arrays.equals(block.hash(), tip.hash())) {
            return Optional.empty();
        }
        if (tip != null && Arrays.equals(block.header().previousHash(), tip.hash())) {
            rules.checkHeader(block, tip.header(), clock.getAsLong());
            return Optional.of(tip);
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
