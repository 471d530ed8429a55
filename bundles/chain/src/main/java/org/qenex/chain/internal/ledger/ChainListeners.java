package org.qenex.chain.internal.ledger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.qenex.chain.internal.block.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners told of each head change, in the order they were added. */
final class ChainListeners {

    // under the chain's name, where the chain's log settings apply
    private static final Logger LOG = LoggerFactory.getLogger(Blockchain.class);

    // copy on write: listeners are added while the chain runs, and told far more often
    private final List<ChainListener> listeners = new CopyOnWriteArrayList<>();

    void add(ChainListener listener) {
        listeners.add(listener);
    }

    /** Tells every listener; one that fails must not keep the others from hearing of the change. */
    void headChanged(List<Block> disconnected, List<Block> connected) {
        for (ChainListener listener : listeners) {
            try {
                listener.headChanged(disconnected, connected);
            } catch (RuntimeException e) {
                LOG.warn("chain listener failed", e);
            }
        }
    }
}
