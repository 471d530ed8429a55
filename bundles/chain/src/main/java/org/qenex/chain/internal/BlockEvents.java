package org.qenex.chain.internal;

import java.lang.ref.WeakReference;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each block that joins the main chain on {@link QenexTopics#BLOCK}, then each of its
 * transactions, now confirmed, on {@link QenexTopics#TRANSACTION}. Asynchronous
 * ({@code postEvent}): listeners run under the chain's write lock, and no handler may hold it.
 *
 * <p>The events are made and posted by {@code poster}, one thread, after the listener returns:
 * a block of 5,000 transfers is 5,001 events (each with two addresses and two hashes in hex) and as
 * many EventAdmin posts, some 100-400 ms on a loaded 2-core machine, and made under the chain's
 * write lock they held every transaction admission that long (JFR: request threads parked in
 * {@code Mempool.admit} for the chain's read lock, once per block). EventAdmin delivers the events
 * of one posting thread in order, and one thread posts them all, so a transaction's event still
 * follows its block's, and blocks come in chain order.
 *
 * <p>The block's event carries its transactions ({@link QenexTopics#CONFIRMED}, made when read), and
 * the {@link QenexTopics#TRANSACTION} events are posted only while {@code transactionListeners}
 * says some handler subscribes to that topic: one EventAdmin event per transfer, delivered to no
 * one, cost each node of a 3-node network about a tenth of a core at 1,000 transfers a second
 * (docs/network.md, "The CPU budget of 1,000 transfers a second").
 *
 * <p>That list holds its block only weakly, and reads it back from the chain by hash once it is
 * gone: a handler that keeps events keeps their blocks otherwise. The web console's Events tab
 * keeps the last 250 events of every topic, so it kept the last 250 blocks with every transaction
 * decoded: at 1,000 transfers a second some 250 MB of a 512 MB heap after five minutes (a heap
 * histogram of a node under {@code bench/network-load.sh}: 292,000 live {@code Transaction}s), and
 * the heap would have run out within minutes more.
 */
final class BlockEvents implements ChainListener {

    private static final Logger LOG = LoggerFactory.getLogger(BlockEvents.class);

    private final Supplier<EventAdmin> eventAdmin;
    private final LongSupplier importNanos;
    private final Executor poster;
    private final BooleanSupplier transactionListeners;
    private final Function<byte[], Optional<Block>> blocks;

    /** Posting on the chain writer's thread, every transaction event too, for tests; blocks read back from {@code blocks}. */
    BlockEvents(Supplier<EventAdmin> eventAdmin, Function<byte[], Optional<Block>> blocks) {
        this(eventAdmin, () -> -1, Runnable::run, () -> true, blocks);
    }

    /**
     * {@code importNanos}: how long the block being connected now took to import, or -1 (see
     * {@code Blockchain.importElapsedNanos}); {@code poster}: runs the posting of each head change,
     * one at a time in the order given (a single thread); {@code transactionListeners}: whether
     * some handler subscribes to {@link QenexTopics#TRANSACTION} now (asked once per head change);
     * {@code blocks}: a stored block by hash, for the {@link QenexTopics#CONFIRMED} lists whose block
     * was collected.
     */
    BlockEvents(Supplier<EventAdmin> eventAdmin, LongSupplier importNanos, Executor poster,
            BooleanSupplier transactionListeners, Function<byte[], Optional<Block>> blocks) {
        this.eventAdmin = eventAdmin;
        this.importNanos = importNanos;
        this.poster = poster;
        this.transactionListeners = transactionListeners;
        this.blocks = blocks;
    }

    @Override
    public void headChanged(List<Block> disconnected, List<Block> connected) {
        EventAdmin events = eventAdmin.get();
        if (events == null || connected.isEmpty()) {
            return;
        }
        // read here: it is the writer's own figure, gone once the lock is released
        long took = importNanos.getAsLong();
        List<Block> blocks = List.copyOf(connected);
        try {
            poster.execute(() -> post(events, blocks, took));
        } catch (RejectedExecutionException e) {
            // the chain component is stopping: nobody is left to hear of this block
            LOG.debug("block events not posted, the poster has stopped: {}", e.getMessage());
        }
    }

    private void post(EventAdmin events, List<Block> connected, long took) {
        boolean eachTransaction = transactionListeners.getAsBoolean();
        // Only the last block connected is the one just taken: a reorganisation's others were stored earlier.
        for (int i = 0; i < connected.size(); i++) {
            Block block = connected.get(i);
            events.postEvent(of(block, i == connected.size() - 1 ? took : -1, blocks));
            if (eachTransaction) {
                String hash = block.hashHex();
                for (Transaction transaction : block.transactions()) {
                    events.postEvent(confirmed(transaction, block.height(), hash));
                }
            }
        }
    }

    static Event of(Block block, long importNanos, Function<byte[], Optional<Block>> blocks) {
        long minted = 0;
        for (MintEntry mint : block.mints()) {
            minted += mint.reward();
        }
        Map<String, Object> properties = new HashMap<>(Map.of(
                QenexTopics.HEIGHT, block.height(),
                QenexTopics.HASH, block.hashHex(),
                QenexTopics.TIME, block.header().timestampMillis(),
                QenexTopics.TRANSACTIONS, block.transactions().size(),
                QenexTopics.MINTED, minted,
                QenexTopics.CONFIRMED, new Confirmed(block, blocks)));
        if (importNanos >= 0) {
            properties.put(QenexTopics.IMPORT_NANOS, importNanos);
        }
        return new Event(QenexTopics.BLOCK, properties);
    }

    /** {@code to} is a transfer's recipient, or a set-parent's new parent (whose amount is 0). */
    static Event confirmed(Transaction transaction, long height, String blockHash) {
        return new Event(QenexTopics.TRANSACTION, properties(transaction, height, blockHash));
    }

    private static Map<String, Object> properties(Transaction transaction, long height, String blockHash) {
        AccountId to = transaction.recipient() != null ? transaction.recipient() : transaction.parent();
        return Map.of(
                QenexTopics.ID, transaction.idHex(),
                QenexTopics.HEIGHT, height,
                QenexTopics.HASH, blockHash,
                QenexTopics.FROM, transaction.sender().address(),
                QenexTopics.TO, to == null ? "" : to.address(),
                QenexTopics.AMOUNT, transaction.amount());
    }

    /**
     * A block's transactions as the properties of their events, each made when read
     * ({@link QenexTopics#CONFIRMED}). Holds the block weakly; once it is collected, the first read
     * loads it again by hash (one store read for the whole list while it stays reachable).
     */
    static final class Confirmed extends AbstractList<Map<String, Object>> implements RandomAccess {

        private final byte[] blockHash;
        private final String hash;
        private final long height;
        private final int size;
        private final Function<byte[], Optional<Block>> blocks;
        private volatile WeakReference<Block> block;

        Confirmed(Block block, Function<byte[], Optional<Block>> blocks) {
            this.blockHash = block.hash();
            this.hash = block.hashHex();
            this.height = block.height();
            this.size = block.transactions().size();
            this.blocks = blocks;
            this.block = new WeakReference<>(block);
        }

        @Override
        public Map<String, Object> get(int index) {
            return properties(block().transactions().get(index), height, hash);
        }

        @Override
        public int size() {
            return size;
        }

        /** Whether the block is still in memory (for tests). */
        boolean holdsBlock() {
            return block.get() != null;
        }

        private Block block() {
            Block held = block.get();
            if (held == null) {
                held = blocks.apply(blockHash)
                        .orElseThrow(() -> new IllegalStateException("block " + hash + " is no longer stored"));
                block = new WeakReference<>(held);
            }
            return held;
        }
    }
}
