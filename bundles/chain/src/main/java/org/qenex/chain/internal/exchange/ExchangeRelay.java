package org.qenex.chain.internal.exchange;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.qenex.api.chain.BlockExchange;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.ledger.LedgerWatcher;
import org.qenex.chain.internal.tx.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the ledger tells its watchers to the {@link BlockExchange.Listener}s, on a thread of
 * its own: the ledger calls {@link #blocksConnected} under its write lock and a submitter waits on
 * {@link #transactionAdmitted}, so neither may wait for a listener. The queue is bounded; when a
 * listener is so slow that it fills, the newest events are dropped and counted (a network finds
 * dropped blocks again by syncing), never the chain held up.
 */
final class ExchangeRelay implements LedgerWatcher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeRelay.class);

    private final List<BlockExchange.Listener> listeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Consumer<BlockExchange.Listener>> queue;
    private final AtomicLong dropped = new AtomicLong();
    /** Events queued or being handed out: 0 when every listener has heard of everything so far. */
    private final AtomicLong unfinished = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    ExchangeRelay(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "qenex-chain-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void add(BlockExchange.Listener listener) {
        listeners.add(listener);
    }

    void remove(BlockExchange.Listener listener) {
        listeners.remove(listener);
    }

    /** Events dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void blocksConnected(List<Block> connected) {
        for (Block block : connected) {
            byte[] hash = block.hash();
            long height = block.height();
            byte[] encoded = block.encoded();
            offer(listener -> listener.blockConnected(hash.clone(), height, encoded.clone()));
        }
    }

    @Override
    public void transactionAdmitted(Transaction tx) {
        byte[] id = tx.id();
        byte[] encoded = tx.encoded();
        offer(listener -> listener.transactionAdmitted(id.clone(), encoded.clone()));
    }

    /** The relay thread's state (tests: an idle relay waits without a timeout). */
    Thread.State threadState() {
        return thread.getState();
    }

    /** Whether every event so far was handed to every listener (tests wait for it). */
    boolean idle() {
        return unfinished.get() == 0;
    }

    private void offer(Consumer<BlockExchange.Listener> event) {
        unfinished.incrementAndGet();
        if (queue.offer(event)) {
            return;
        }
        unfinished.decrementAndGet();
        if (dropped.getAndIncrement() % 10_000 == 0) {
            LOG.warn("a block exchange listener is not keeping up: {} events dropped so far", dropped.get());
        }
    }

    private void run() {
        while (running) {
            Consumer<BlockExchange.Listener> event;
            try {
                // no timeout: close() interrupts; a timed poll woke an idle node once a second for nothing
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            for (BlockExchange.Listener listener : listeners) {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    // one listener's failure must not keep the others, or the next event, from being told
                    LOG.warn("block exchange listener {} failed", listener, e);
                }
            }
            unfinished.decrementAndGet();
        }
    }

    /** Stops the thread; a listener stuck in a call is interrupted and left behind. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
