package org.qenex.chain.internal.ledger;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.state.StateChanges;

/**
 * A block this node made, with the state changes it computed while making it: connecting it
 * needs no second execution of every transaction.
 */
public record AssembledBlock(Block block, StateChanges changes) {
}
