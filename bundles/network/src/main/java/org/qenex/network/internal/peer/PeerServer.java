package org.qenex.network.internal.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.ChainView;
import org.qenex.network.internal.wire.Hash;
import org.qenex.network.internal.wire.Message;

/**
 * Answers peers' GET_DATA and GET_BLOCKS from the ledger (and a cache of what was just relayed, so a
 * fresh block or transaction costs no ledger read), off the relay's thread. Blocks and block hashes
 * are served on one thread, transactions on another, so a new block never waits behind a queue of
 * transaction requests; both queues are bounded, and a request that finds its queue full is
 * answered NOT_FOUND at once, so the peer asks elsewhere.
 */
final class PeerServer {

    private final RelaySettings settings;
    private final ChainView chain;
    private final Supplier<BlockExchange> exchange;
    private final RecentCache transactions = new RecentCache(50_000);
    private final RecentCache blocks = new RecentCache(64);
    private ExecutorService server;
    private ExecutorService blockServer;

    PeerServer(RelaySettings settings, ChainView chain, Supplier<BlockExchange> exchange) {
        this.settings = settings;
        this.chain = chain;
        this.exchange = exchange;
    }

    synchronized void start() {
        server = Relay.bounded("qenex-network-serve", 256);
        blockServer = Relay.bounded("qenex-network-serve-blocks", 64);
    }

    /** Stops serving: requests waiting are dropped, one being answered ends on its own (see {@link StopDeadline}). */
    synchronized void stop(StopDeadline deadline) {
        try {
            for (ExecutorService e : new ExecutorService[] {server, blockServer}) {
                deadline.stopLedgerCalls(e, Relay.LEDGER_CALL_WAIT);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void cacheBlock(Hash hash, byte[] encoded) {
        blocks.put(hash, encoded);
    }

    void cacheTransaction(Hash id, byte[] encoded) {
        transactions.put(id, encoded);
    }

    /** Answers a GET_DATA: blocks and transactions on their own threads, NOT_FOUND at once when too busy. */
    void answer(PeerLedger peer, List<Message.Item> items) {
        BlockExchange ledger = exchange.get();
        List<Message.Item> blocks = new ArrayList<>();
        List<Message.Item> txs = new ArrayList<>();
        items.forEach(item -> (item.kind() == Message.Kind.BLOCK ? blocks : txs).add(item));
        for (List<Message.Item> part : List.of(blocks, txs)) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                (part == blocks ? blockServer : server).execute(() -> look(ledger, peer, part));
            } catch (RejectedExecutionException busy) {
                // too busy to look: says so at once, so the peer asks elsewhere instead of waiting
                peer.connection.send(new Message.NotFound(part));
            }
        }
    }

    private void look(BlockExchange ledger, PeerLedger peer, List<Message.Item> items) {
        List<Message.Item> missing = new ArrayList<>();
        List<Message.TransactionData> batch = new ArrayList<>();
        long batchBytes = 0;
        long budget = settings.maxFrameBytes() / 2;
        for (Message.Item item : items) {
            if (item.kind() == Message.Kind.TRANSACTION) {
                byte[] tx = transactions.get(item.hash());
                if (tx == null && ledger != null) {
                    tx = ledger.pendingTransaction(item.hash().bytes()).orElse(null);
                }
                if (tx == null || tx.length > Message.Transactions.MAX_TRANSACTION_BYTES) {
                    missing.add(item);
                    continue;
                }
                if (batchBytes + tx.length + 34 > budget || batch.size() == Message.MAX_ITEMS) {
                    sendTransactions(peer, batch);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
                batch.add(new Message.TransactionData(item.hash(), tx));
                batchBytes += tx.length + 34;
            } else {
                byte[] block = blocks.get(item.hash());
                if (block == null && ledger != null) {
                    block = ledger.block(item.hash().bytes()).orElse(null);
                }
                if (block == null || block.length + 33 > settings.maxFrameBytes()) {
                    missing.add(item);
                    continue;
                }
                if (peer.connection.send(new Message.Block(item.hash(), block))) {
                    peer.blocksSent.incrementAndGet();
                }
            }
        }
        sendTransactions(peer, batch);
        if (!missing.isEmpty()) {
            peer.connection.send(new Message.NotFound(missing));
        }
    }

    private static void sendTransactions(PeerLedger peer, List<Message.TransactionData> batch) {
        if (!batch.isEmpty() && peer.connection.send(new Message.Transactions(batch))) {
            peer.transactionsSent.addAndGet(batch.size());
        }
    }

    /** Answers a GET_BLOCKS with BLOCK_HASHES; at most two answers in progress per peer. */
    void answerHashes(PeerLedger peer, List<Hash> locator) {
        BlockExchange ledger = exchange.get();
        // one answer in progress per peer: a peer asking faster than it is answered waits
        if (peer.serving.incrementAndGet() > 2) {
            peer.serving.decrementAndGet();
            return;
        }
        try {
            blockServer.execute(() -> {
                try {
                    long head = chain.height();
                    if (ledger == null) {
                        peer.connection.send(new Message.BlockHashes(head, head + 1, List.of()));
                        return;
                    }
                    List<byte[]> raw = new ArrayList<>(locator.size());
                    locator.forEach(h -> raw.add(h.bytes()));
                    long fork = ledger.forkPoint(raw);
                    List<Hash> hashes = new ArrayList<>();
                    for (byte[] hash : ledger.mainChainHashes(fork + 1, Message.BlockHashes.MAX_HASHES)) {
                        hashes.add(Hash.of(hash));
                    }
                    peer.connection.send(new Message.BlockHashes(Math.max(head, fork + hashes.size()), fork + 1, hashes));
                } finally {
                    peer.serving.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException busy) {
            peer.serving.decrementAndGet();
        }
    }

    /** A bounded map of recent encodings by hash, for answering peers without a ledger read. */
    private static final class RecentCache {
        private final Map<Hash, byte[]> entries;

        RecentCache(int capacity) {
            entries = new LinkedHashMap<>(256, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Hash, byte[]> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized void put(Hash hash, byte[] encoded) {
            entries.put(hash, encoded);
        }

        synchronized byte[] get(Hash hash) {
            return entries.get(hash);
        }
    }
}
