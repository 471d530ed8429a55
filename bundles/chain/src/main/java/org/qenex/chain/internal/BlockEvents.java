package org.qenex.chain.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.qenex.api.event.QenexTopics;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.ChainListener;
import org.qenex.chain.internal.tx.Transaction;

/**
 * Posts each block that joins the main chain on {@link QenexTopics#BLOCK}, then each of its
 * transactions, now confirmed, on {@link QenexTopics#TRANSACTION}. Asynchronous
 * ({@code postEvent}): listeners run under the chain's write lock, and no handler may hold it.
 * EventAdmin delivers the events of one posting thread in order, so a transaction's event always
 * follows its block's.
 */
final class BlockEvents implements ChainListener {

    private final Supplier<EventAdmin> eventAdmin;
    private final LongSupplier importNanos;

    BlockEvents(Supplier<EventAdmin> eventAdmin) {
        this(eventAdmin, () -> -1);
    }

    /** {@code importNanos}: how long the block being connected now took to import, or -1 (see {@code Blockchain.importElapsedNanos}). */
    BlockEvents(Supplier<EventAdmin> eventAdmin, LongSupplier importNanos) {
        this.eventAdmin = eventAdmin;
        this.importNanos = importNanos;
    }

    @Override
    public void headChanged(List<Block> disconnected, List<Block> connected) {
        EventAdmin events = eventAdmin.get();
        if (events == null) {
            return;
        }
        // Only the last block connected is the one just taken: a reorganisation's others were stored earlier.
        long took = importNanos.getAsLong();
        for (int i = 0; i < connected.size(); i++) {
            Block block = connected.get(i);
            events.postEvent(of(block, i == connected.size() - 1 ? took : -1));
            for (Transaction transaction : block.transactions()) {
                events.postEvent(confirmed(transaction, block));
            }
        }
    }

    static Event of(Block block, long importNanos) {
        long minted = 0;
        for (MintEntry mint : block.mints()) {
            minted += mint.reward();
        }
        Map<String, Object> properties = new HashMap<>(Map.of(
                QenexTopics.HEIGHT, block.height(),
                QenexTopics.HASH, block.hashHex(),
                QenexTopics.TIME, block.header().timestampMillis(),
                QenexTopics.TRANSACTIONS, block.transactions().size(),
                QenexTopics.MINTED, minted));
        if (importNanos >= 0) {
            properties.put(QenexTopics.IMPORT_NANOS, importNanos);
        }
        return new Event(QenexTopics.BLOCK, properties);
    }

    /** {@code to} is a transfer's recipient, or a set-parent's new parent (whose amount is 0). */
    static Event confirmed(Transaction transaction, Block block) {
        AccountId to = transaction.recipient() != null ? transaction.recipient() : transaction.parent();
        return new Event(QenexTopics.TRANSACTION, Map.of(
                QenexTopics.ID, transaction.idHex(),
                QenexTopics.HEIGHT, block.height(),
                QenexTopics.HASH, block.hashHex(),
                QenexTopics.FROM, transaction.sender().address(),
                QenexTopics.TO, to == null ? "" : to.address(),
                QenexTopics.AMOUNT, transaction.amount()));
    }
}
