package org.qenex.chain.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.qenex.api.event.QenexTopics;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.ledger.ChainListener;

/**
 * Posts each block that joins the main chain on {@link QenexTopics#BLOCK}. Asynchronous
 * ({@code postEvent}): listeners run under the chain's write lock, and no handler may hold it.
 */
final class BlockEvents implements ChainListener {

    private final Supplier<EventAdmin> eventAdmin;

    BlockEvents(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void headChanged(List<Block> disconnected, List<Block> connected) {
        EventAdmin events = eventAdmin.get();
        if (events == null) {
            return;
        }
        for (Block block : connected) {
            events.postEvent(of(block));
        }
    }

    static Event of(Block block) {
        long minted = 0;
        for (MintEntry mint : block.mints()) {
            minted += mint.reward();
        }
        return new Event(QenexTopics.BLOCK, Map.of(
                QenexTopics.HEIGHT, block.height(),
                QenexTopics.HASH, block.hashHex(),
                QenexTopics.TIME, block.header().timestampMillis(),
                QenexTopics.TRANSACTIONS, block.transactions().size(),
                QenexTopics.MINTED, minted));
    }
}
