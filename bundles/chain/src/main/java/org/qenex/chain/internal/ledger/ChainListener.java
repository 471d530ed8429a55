package org.qenex.chain.internal.ledger;

import java.util.List;

import org.qenex.chain.internal.block.Block;

/** Told, under the chain's lock, whenever the head moves (the mempool uses it). */
@FunctionalInterface
public interface ChainListener {

    /**
     * @param disconnected blocks taken off the main chain, newest first
     * @param connected blocks added to the main chain, oldest first
     */
    void headChanged(List<Block> disconnected, List<Block> connected);
}
