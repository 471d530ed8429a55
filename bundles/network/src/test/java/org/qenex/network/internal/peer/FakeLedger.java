package org.qenex.network.internal.peer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.ChainView;
import org.qenex.network.internal.wire.Hash;

/**
 * An in-memory ledger with the {@link BlockExchange} contract, in a format of its own: a block is
 * {@code "FB" | height u64 | parent hash | valid u8 | payload}, a transaction {@code "FT" | random
 * bytes | valid u8}; hashes and ids are SHA-256 of the bytes. A {@code valid} byte of 0 is what an
 * INVALID block or a {@code bad_signature} transaction looks like. Longest chain wins; a
 * reorganisation deeper than {@link #FINALITY} is TOO_DEEP. Listeners are told on one thread of the
 * ledger's own, as the chain does.
 */
final class FakeLedger implements BlockExchange, ChainView {

    static final int FINALITY = 50;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] GENESIS = block(0, new byte[32], true, 0);

    private final Map<Hash, byte[]> blocks = new ConcurrentHashMap<>();
    private final Map<Hash, Long> heights = new ConcurrentHashMap<>();
    private final List<Hash> main = new ArrayList<>();
    private final Map<Hash, byte[]> pending = new LinkedHashMap<>();
    /** The head's height when each transaction was admitted from a peer. */
    final Map<Hash, Long> admittedAtHeight = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<BlockExchange.Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor();
    final Map<Hash, AtomicInteger> importsByHash = new ConcurrentHashMap<>();
    /** The size of each {@link #admitTransactions} call, and how often the one-transaction form was called. */
    final List<Integer> admittedBatches = new CopyOnWriteArrayList<>();
    final AtomicInteger singleAdmissions = new AtomicInteger();

    FakeLedger() {
        Hash genesis = hash(GENESIS);
        blocks.put(genesis, GENESIS);
        heights.put(genesis, 0L);
        main.add(genesis);
    }

    void listen(BlockExchange.Listener listener) {
        listeners.add(listener);
    }

    void close() throws InterruptedException {
        notifier.shutdownNow();
        notifier.awaitTermination(5, TimeUnit.SECONDS);
    }

    static byte[] block(long height, byte[] parent, boolean valid, int payload) {
        ByteBuffer b = ByteBuffer.allocate(2 + 8 + 32 + 1 + 8 + payload);
        b.put((byte) 'F').put((byte) 'B').putLong(height).put(parent).put((byte) (valid ? 1 : 0)).putLong(RANDOM.nextLong());
        return b.array();
    }

    static byte[] transaction(boolean valid) {
        byte[] tx = new byte[2 + 40 + 1];
        RANDOM.nextBytes(tx);
        tx[0] = 'F';
        tx[1] = 'T';
        tx[tx.length - 1] = (byte) (valid ? 1 : 0);
        return tx;
    }

    static Hash hash(byte[] bytes) {
        try {
            return Hash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Produces {@code n} blocks on the head, as a validator would; returns the last one's hash. */
    Hash produce(int n) {
        Hash last = null;
        for (int i = 0; i < n; i++) {
            byte[] b;
            synchronized (this) {
                b = block(main.size(), main.get(main.size() - 1).bytes(), true, 16);
            }
            BlockImport verdict = importBlock(b);
            if (verdict.verdict() != BlockVerdict.EXTENDED) {
                throw new IllegalStateException(verdict.toString());
            }
            last = hash(b);
        }
        return last;
    }

    /** Produces {@code n} blocks without telling the listeners (as if the network had been down meanwhile). */
    void produceUnannounced(int n) {
        List<BlockExchange.Listener> saved = new ArrayList<>(listeners);
        listeners.clear();
        try {
            produce(n);
            // notifications already queued still run with the listeners gone
            notifier.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            listeners.addAll(saved);
        }
    }

    /** Copies another ledger's main chain, without telling listeners (a node that was there before). */
    synchronized void copyMainChainOf(FakeLedger other) {
        for (Hash h : other.mainChain()) {
            if (!blocks.containsKey(h)) {
                blocks.put(h, other.blocks.get(h));
                heights.put(h, other.heights.get(h));
                main.add(h);
            }
        }
    }

    synchronized List<Hash> mainChain() {
        return new ArrayList<>(main);
    }

    /** Admits a transaction submitted here (a wallet's); returns its id. */
    Hash submit(byte[] tx) {
        if (admitOne(tx).verdict() != TransactionVerdict.ADMITTED) {
            throw new IllegalStateException("not admitted");
        }
        return hash(tx);
    }

    /**
     * While set, imports and the chain id and genesis reads wait for it to open, ignoring interrupts,
     * like a store read queued behind the commit of a large block.
     */
    volatile CountDownLatch busy;
    /** Calls that found the ledger busy and have not got through yet. */
    final AtomicInteger waitingWhileBusy = new AtomicInteger();

    private void waitWhileBusy() {
        CountDownLatch gate = busy;
        if (gate == null) {
            return;
        }
        waitingWhileBusy.incrementAndGet();
        boolean interrupted = false;
        while (gate != null) {
            try {
                gate.await();
                gate = null;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        waitingWhileBusy.decrementAndGet();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** While set, every valid block not stored yet is answered DEFERRED (and not stored). */
    volatile boolean deferring;

    @Override
    public BlockImport importBlock(byte[] encoded) {
        waitWhileBusy();
        Hash h = hash(encoded);
        importsByHash.computeIfAbsent(h, x -> new AtomicInteger()).incrementAndGet();
        List<Hash> connected = new ArrayList<>();
        BlockImport result;
        synchronized (this) {
            if (encoded.length < 51 || encoded[0] != 'F' || encoded[1] != 'B') {
                return new BlockImport(BlockVerdict.INVALID, "bad_encoding");
            }
            ByteBuffer b = ByteBuffer.wrap(encoded);
            b.position(2);
            long height = b.getLong();
            byte[] parentBytes = new byte[32];
            b.get(parentBytes);
            boolean valid = b.get() == 1;
            if (blocks.containsKey(h)) {
                return new BlockImport(BlockVerdict.ALREADY_KNOWN, "");
            }
            if (!valid) {
                return new BlockImport(BlockVerdict.INVALID, "bad_producer_signature");
            }
            if (deferring) {
                // as the chain answers a block whose improvement proof it cannot check yet
                return new BlockImport(BlockVerdict.DEFERRED, "proof cannot be checked here yet");
            }
            Hash parent = Hash.of(parentBytes);
            Long parentHeight = heights.get(parent);
            if (parentHeight == null) {
                return new BlockImport(BlockVerdict.ORPHAN, "");
            }
            if (height != parentHeight + 1) {
                return new BlockImport(BlockVerdict.INVALID, "bad_height");
            }
            long head = main.size() - 1;
            if (height <= head) {
                blocks.put(h, encoded);
                heights.put(h, height);
                return new BlockImport(BlockVerdict.SIDE_BRANCH, "");
            }
            // the branch back to the main chain
            List<Hash> branch = new ArrayList<>();
            branch.add(h);
            Hash cursor = parent;
            while (heights.get(cursor) > main.size() - 1 || !main.get((int) (long) heights.get(cursor)).equals(cursor)) {
                branch.add(0, cursor);
                cursor = parentOf(blocks.get(cursor));
            }
            long fork = heights.get(cursor);
            if (head - fork > FINALITY) {
                return new BlockImport(BlockVerdict.TOO_DEEP, "reorg_too_deep");
            }
            blocks.put(h, encoded);
            heights.put(h, height);
            while (main.size() - 1 > fork) {
                main.remove(main.size() - 1);
            }
            main.addAll(branch);
            connected.addAll(branch);
            result = new BlockImport(fork == head ? BlockVerdict.EXTENDED : BlockVerdict.REORGANISED, "");
        }
        for (Hash c : connected) {
            byte[] bytes = blocks.get(c);
            long height = heights.get(c);
            notifier.execute(() -> listeners.forEach(l -> l.blockConnected(c.bytes(), height, bytes)));
        }
        return result;
    }

    private static Hash parentOf(byte[] block) {
        byte[] parent = new byte[32];
        System.arraycopy(block, 10, parent, 0, 32);
        return Hash.of(parent);
    }

    @Override
    public TransactionAdmission admitTransaction(byte[] encoded) {
        singleAdmissions.incrementAndGet();
        return admitOne(encoded);
    }

    @Override
    public List<TransactionAdmission> admitTransactions(List<byte[]> encoded) {
        admittedBatches.add(encoded.size());
        return encoded.stream().map(this::admitOne).toList();
    }

    private TransactionAdmission admitOne(byte[] encoded) {
        Hash id = hash(encoded);
        synchronized (this) {
            if (encoded.length != 43 || encoded[0] != 'F' || encoded[1] != 'T') {
                return new TransactionAdmission(TransactionVerdict.REJECTED, "bad_encoding");
            }
            if (encoded[42] != 1) {
                return new TransactionAdmission(TransactionVerdict.REJECTED, "bad_signature");
            }
            if (pending.containsKey(id)) {
                return new TransactionAdmission(TransactionVerdict.KNOWN, "");
            }
            pending.put(id, encoded);
            admittedAtHeight.put(id, (long) main.size() - 1);
        }
        notifier.execute(() -> listeners.forEach(l -> l.transactionAdmitted(id.bytes(), encoded)));
        return new TransactionAdmission(TransactionVerdict.ADMITTED, "");
    }

    @Override
    public Optional<byte[]> block(byte[] hash) {
        return Optional.ofNullable(blocks.get(Hash.of(hash)));
    }

    @Override
    public synchronized List<byte[]> mainChainHashes(long fromHeight, int max) {
        List<byte[]> hashes = new ArrayList<>();
        for (long h = Math.max(0, fromHeight); h < main.size() && hashes.size() < max; h++) {
            hashes.add(main.get((int) h).bytes());
        }
        return hashes;
    }

    @Override
    public synchronized List<byte[]> locator() {
        List<byte[]> locator = new ArrayList<>();
        long step = 1;
        for (long h = main.size() - 1; h > 0; h -= step) {
            locator.add(main.get((int) h).bytes());
            if (locator.size() >= 10) {
                step *= 2;
            }
        }
        locator.add(main.get(0).bytes());
        return locator;
    }

    @Override
    public synchronized long forkPoint(List<byte[]> locator) {
        for (byte[] hash : locator) {
            Long height = heights.get(Hash.of(hash));
            if (height != null && height < main.size() && main.get((int) (long) height).equals(Hash.of(hash))) {
                return height;
            }
        }
        return 0;
    }

    @Override
    public synchronized Optional<byte[]> pendingTransaction(byte[] id) {
        return Optional.ofNullable(pending.get(Hash.of(id)));
    }

    @Override
    public synchronized List<byte[]> pendingTransactionIds(int max) {
        return pending.keySet().stream().limit(max).map(Hash::bytes).toList();
    }

    /** Puts a valid transaction in the mempool without telling the listeners (admitted while no peer was there). */
    synchronized Hash admitUnannounced() {
        byte[] tx = transaction(true);
        pending.put(hash(tx), tx);
        return hash(tx);
    }

    /** While set, {@link #knowsTransaction} waits for it, like the chain's, which reads the store behind a block's commit. */
    volatile CountDownLatch storeLookupsBusy;

    @Override
    public boolean knowsTransaction(byte[] id) {
        CountDownLatch gate = storeLookupsBusy;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            return pending.containsKey(Hash.of(id));
        }
    }

    // ---- ChainView -------------------------------------------------------------------------------

    @Override
    public String chainId() {
        waitWhileBusy();
        return "qenex-test";
    }

    @Override
    public String genesisHash() {
        waitWhileBusy();
        return hash(GENESIS).toString();
    }

    @Override
    public synchronized long height() {
        return main.size() - 1;
    }

    @Override
    public synchronized String headHash() {
        return main.get(main.size() - 1).toString();
    }

    @Override
    public long mintedUnits() {
        return 0;
    }

    @Override
    public long maxSupplyUnits() {
        return 0;
    }

    @Override
    public synchronized int pendingTransactions() {
        return pending.size();
    }

    @Override
    public long balanceUnits(String address) {
        return 0;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
