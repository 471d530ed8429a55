package org.qenex.chain.internal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.Codecs;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/**
 * Fills a node on the real store with N accounts through the real import path, then to M
 * transactions, and measures the ledger at each size it passes: a producer node (its own store)
 * makes full blocks of signed transfers from a funded treasury to fresh accounts; the measured node
 * imports each block ({@code importBlock}: every signature, rule and the state commitment checked,
 * one store batch). While filling, the producer makes the next block on a thread of its own as the
 * node imports the last one; the three measured blocks of a checkpoint are made first and imported
 * with the producer idle. Past the last account checkpoint the producer is closed and the node makes
 * its own blocks of transfers to existing accounts picked at random (admission, assembly, store).
 * At each checkpoint: block import (ms per block, transfers/s) of blocks to fresh accounts (the
 * fill's own, each transfer creating an account) and of blocks to existing accounts picked at
 * random (a ledger past its growth: each transfer changes an account already stored), the commitment's cost (the account
 * tree update of one block changing 6,000 accounts, prepared on the state), account and
 * transaction lookups, store bytes per transaction (the files' length: MapDB grows its files in
 * steps, so {@code du} in the script gives the space in use) and the heap in use; at the end, the restart
 * time. Run by {@code bench/ledger-fill.sh}; arguments: data folder, account checkpoints (e.g.
 * {@code 1000,100000,1000000}), transfers per block (default 6,000), and optionally transaction
 * checkpoints past the last account checkpoint (e.g. {@code 2500000,5000000,10000000}). With
 * {@code reopen} for the checkpoints, it opens a data folder an earlier run kept ({@code KEEP=1})
 * and measures, on a node doing nothing else, its restart and look-ups of transactions and accounts
 * sampled from random blocks (looked up in random order), the first pass on the fresh process and
 * a second one, and the node's own blocks.
 */
public final class LedgerFill {

    private static final KeyPair TREASURY = TestChain.key(7);
    /**
     * A node's default limits, but one sender (the treasury) may fill the mempool: the signature
     * cache keeps its default 200,000 entries, so the heap holds what a node's would (with
     * {@link BenchChain#LARGE}'s 2,000,000 the two caches alone took some 300 MB at a million
     * transfers, and the run ran out of a 512 MB heap).
     */
    private static final ChainNode.Limits FILL = new ChainNode.Limits(ChainNode.Limits.DEFAULT.mempoolTransactions(),
            ChainNode.Limits.DEFAULT.mempoolTransactions(), ChainNode.Limits.DEFAULT.signatureCache());

    private final Path dir;
    private final int perBlock;
    private final long[] producerClock = {TestChain.GENESIS_TIME};
    private final long[] importerClock = {Long.MAX_VALUE / 2};
    private final Random random = new Random(7);
    private final List<byte[]> sampledTxIds = new ArrayList<>();
    private final ExecutorService maker = Executors.newSingleThreadExecutor(r -> new Thread(r, "ledger-fill-producer"));
    private StorageEngine producerStore;
    private StorageEngine store;
    private ChainNode producer;
    private ChainNode node;
    /** Accounts and transactions the node imported. */
    private long accounts;
    private long transactions;
    /** What the next block sends: the maker thread's while the producer runs, then the main thread's. */
    private final Random recipients = new Random(11);
    private long madeAccounts;
    private long nonce;

    private LedgerFill(Path dir, int perBlock) {
        this.dir = dir;
        this.perBlock = perBlock;
    }

    static AccountId recipient(long i) {
        return AccountId.of(Arrays.copyOf(Sha256.hash(ByteBuffer.allocate(8).putLong(i).array()), AccountId.LENGTH));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (args[1].equals("reopen")) {
            new LedgerFill(dir, args.length > 2 ? Integer.parseInt(args[2]) : 6_000).reopen();
            return;
        }
        long[] accountCheckpoints = longs(args[1]);
        int perBlock = args.length > 2 ? Integer.parseInt(args[2]) : 6_000;
        long[] transactionCheckpoints = args.length > 3 ? longs(args[3]) : new long[0];
        LedgerFill fill = new LedgerFill(dir, perBlock);
        try {
            fill.run(accountCheckpoints, transactionCheckpoints);
        } finally {
            fill.maker.shutdownNow();
        }
    }

    private static long[] longs(String list) {
        return Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private void run(long[] accountCheckpoints, long[] transactionCheckpoints) throws Exception {
        Files.createDirectories(dir);
        producerStore = StoredChains.open(dir.resolve("producer"));
        store = openStore();
        producer = new ChainNode(TestChain.params(), producerStore, TestChain.validator(), TestChain.VERIFIER,
                () -> producerClock[0] += 5_000, FILL);
        producer.open();
        node = openNode();
        long lastAccounts = accountCheckpoints[accountCheckpoints.length - 1];
        long lastTransactions = transactionCheckpoints.length == 0 ? 0 : transactionCheckpoints[transactionCheckpoints.length - 1];
        fund(Math.max(lastAccounts, lastTransactions) + 100L * perBlock); // and some for reopen's blocks
        System.out.printf("import: a block of transfers to fresh accounts (new) and to existing ones picked at random (existing)%n");
        System.out.printf("%-10s %-12s %-10s %-10s %-10s %-10s %-10s %-10s %-10s %-14s %-14s %-12s %-10s %-12s %-12s %-10s%n", "accounts",
                "transactions", "new ms", "new tx/s", "new CPU", "exist. ms", "exist. tx/s", "exist. CPU", "commit. ms", "commit. CPU ms",
                "account µs", "tx µs", "store B/tx", "index B/tx", "heap MB", "");
        // the accounts column counts the three measured blocks' accounts too
        for (long target : accountCheckpoints) {
            checkpoint(Math.max(0, (target - accounts) / perBlock));
        }
        producerStore.close();
        producer = null;
        if (transactionCheckpoints.length > 0) {
            System.out.printf("%nthe node makes its own blocks from here (no producer): block ms = assembling, committing and storing a block%n");
            System.out.printf("%-10s %-12s %-12s %-14s %-14s %-12s %-14s %-12s %-10s%n", "accounts", "transactions", "block ms", "block CPU ms",
                    "account µs", "tx µs", "store B/tx", "index B/tx", "heap MB");
        }
        for (long target : transactionCheckpoints) {
            checkpointOnNode(Math.max(0, (target - transactions) / perBlock));
        }
        store.close();
        long restart = System.nanoTime();
        store = openStore();
        node = openNode();
        System.out.printf("restart with %d accounts, %d transactions: %.0f ms (store open and chain open), head %d: %s%n", accounts,
                transactions, (System.nanoTime() - restart) / 1e6, node.head().height(), node.chain().startupNote());
        store.close();
    }

    /**
     * Opens the node of a kept folder (timed, as a restart), samples 20,000 of its transactions
     * from 2,000 random blocks, and times the look-up of each and of its recipient's account: a
     * first pass on the fresh process (its caches empty; the files are likely in the page cache
     * after a fill) and a second one.
     */
    private void reopen() throws Exception {
        long started = System.nanoTime();
        store = openStore();
        node = openNode();
        double restartMillis = (System.nanoTime() - started) / 1e6;
        long height = node.head().height();
        long storedTransactions = store.namespace("chain.txs", Codecs.BYTES, Codecs.BYTES).count();
        long storedAccounts = store.namespace("chain.accounts", Codecs.BYTES, Codecs.BYTES).count();
        System.out.printf("restart with %d accounts, %d transactions: %.0f ms (store open and chain open), head %d: %s%n", storedAccounts,
                storedTransactions, restartMillis, height, node.chain().startupNote());
        List<AccountId> sampledAccounts = new ArrayList<>();
        int blocks = 0;
        while (blocks < 2_000) {
            List<Transaction> txs = node.blockAt(1 + Math.floorMod(random.nextLong(), height)).orElseThrow().transactions();
            if (txs.isEmpty()) {
                continue;
            }
            for (int i = 0; i < 10; i++) {
                Transaction tx = txs.get(random.nextInt(txs.size()));
                if (tx.recipient() != null) {
                    sampledTxIds.add(tx.id());
                    sampledAccounts.add(tx.recipient());
                }
            }
            blocks++;
        }
        // in random order: ten samples of a block in a row would find it in the store's read cache
        long seed = random.nextLong();
        Collections.shuffle(sampledTxIds, new Random(seed));
        Collections.shuffle(sampledAccounts, new Random(seed));
        for (String pass : List.of("first", "second")) {
            long[] txNanos = new long[sampledTxIds.size()];
            for (int i = 0; i < txNanos.length; i++) {
                long t = System.nanoTime();
                if (node.transaction(sampledTxIds.get(i)).isEmpty()) {
                    throw new IllegalStateException("a sampled transaction is not found");
                }
                txNanos[i] = System.nanoTime() - t;
            }
            long[] accountNanos = new long[sampledAccounts.size()];
            for (int i = 0; i < accountNanos.length; i++) {
                long t = System.nanoTime();
                if (node.chain().account(sampledAccounts.get(i)).balance() < 1) {
                    throw new IllegalStateException("a sampled recipient has no balance");
                }
                accountNanos[i] = System.nanoTime() - t;
            }
            System.out.printf("%s pass, %d look-ups each (µs, mean / p50 / p99): transaction %s, account %s%n", pass, txNanos.length,
                    micros(txNanos), micros(accountNanos));
        }
        // the node goes on making blocks as the fill did: the treasury's next nonce, the last recipient made, the head's time
        nonce = node.account(TREASURY.account()).nonce();
        madeAccounts = lastRecipient() + 1;
        producerClock[0] = node.head().header().timestampMillis();
        for (int i = 0; i < 3; i++) {
            blockOnNode(); // the JIT's warm-up of this fresh process, not timed
        }
        long[] block = medianOfThree(this::blockOnNode);
        System.out.printf("a block of %d transfers to existing accounts made by the node (assembly to stored): %d ms, %d CPU ms "
                + "(median of three after three not timed; recipients among %d)%n", perBlock, block[0], block[1], madeAccounts);
        System.out.printf("heap in use after a collection: %d MB%n", heapMegabytes());
        store.close();
    }

    /** The fill's recipients are {@code recipient(0)}, {@code recipient(1)}, ... in order: the last one that has an account. */
    private long lastRecipient() {
        long low = 0;
        long high = 1L << 40;
        while (low < high) {
            long mid = (low + high + 1) >>> 1;
            if (node.chain().account(recipient(mid)).balance() > 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static String micros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        return String.format("%.1f / %.1f / %.1f", mean, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }

    /** Fills {@code blocks} blocks (the producer making the next as the node imports one), then measures three and prints a line. */
    private void checkpoint(long blocks) throws Exception {
        long started = System.nanoTime();
        Future<Block> next = blocks > 0 ? maker.submit(this::makeToFresh) : null;
        for (long i = 0; i < blocks; i++) {
            Block block = next.get();
            next = i + 1 < blocks ? maker.submit(this::makeToFresh) : null;
            importBlock(block, perBlock);
        }
        double fillSeconds = (System.nanoTime() - started) / 1e9;
        long[] toFresh = importThree(this::makeToFresh, perBlock);
        long[] toExisting = importThree(this::makeToExisting, 0);
        double[] commitment = commitmentMillis();
        double accountMicros = accountLookupMicros();
        double txMicros = transactionLookupMicros();
        System.out.printf("%-10d %-12d %-10d %-10.0f %-10d %-10d %-10.0f %-10d %-10.1f %-14.1f %-14.1f %-12.1f %-10.0f %-12.0f %-12d (filled in %.0f s)%n",
                accounts, transactions, toFresh[0], perBlock * 1000.0 / toFresh[0], toFresh[1], toExisting[0], perBlock * 1000.0 / toExisting[0],
                toExisting[1], commitment[0], commitment[1], accountMicros, txMicros, perTransaction(dir.resolve("node")),
                perTransaction(dir.resolve("node").resolve("index")), heapMegabytes(), fillSeconds);
    }

    /**
     * Has the producer make three blocks (idle while the node imports), then imports each alone:
     * the medians of their import's elapsed and CPU ms.
     */
    private long[] importThree(Callable<Block> maker, long newAccountsEach) throws Exception {
        List<Block> measured = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            measured.add(this.maker.submit(maker).get());
        }
        Iterator<Block> toImport = measured.iterator();
        return medianOfThree(() -> {
            Block block = toImport.next();
            byte[] encoded = block.encoded();
            long[] took = timed(() -> node.importBlock(encoded));
            imported(block, newAccountsEach);
            return took;
        });
    }

    /**
     * Past the accounts, the node makes its own blocks of transfers to existing accounts (each
     * admitted to its mempool, signature checked, then assembled, committed and stored): half the
     * work of a producer and an importer, for the transactions the ledger must hold. Then three
     * blocks are timed (assembly to stored, not the admissions) and a line printed.
     */
    private void checkpointOnNode(long blocks) throws Exception {
        long started = System.nanoTime();
        for (long i = 0; i < blocks; i++) {
            blockOnNode();
        }
        double fillSeconds = (System.nanoTime() - started) / 1e9;
        long[] median = medianOfThree(this::blockOnNode);
        double accountMicros = accountLookupMicros();
        double txMicros = transactionLookupMicros();
        System.out.printf("%-10d %-12d %-12d %-14d %-14.1f %-12.1f %-14.0f %-12.0f %-10d (filled in %.0f s)%n", accounts, transactions,
                median[0], median[1], accountMicros, txMicros, perTransaction(dir.resolve("node")),
                perTransaction(dir.resolve("node").resolve("index")), heapMegabytes(), fillSeconds);
    }

    /** One block of transfers to existing accounts made by the node itself; returns its ms and process CPU ms. */
    private long[] blockOnNode() throws Exception {
        for (int i = 0; i < perBlock; i++) {
            node.submit(transfer(existingAccount()));
        }
        importerClock[0] = producerClock[0] += 5_000;
        Block[] made = new Block[1];
        long[] measured = timed(() -> made[0] = node.produceBlock(List.of()));
        if (made[0].transactions().size() != perBlock) {
            throw new IllegalStateException("the node's block holds " + made[0].transactions().size() + " transfers, not " + perBlock);
        }
        sample(made[0]);
        return measured;
    }

    /** A signed transfer of one unit from the treasury, at the next nonce. */
    private byte[] transfer(AccountId to) {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, TREASURY, to, 1, 1_000, nonce++).encoded();
    }

    private interface Step {
        void run() throws Exception;
    }

    private interface Measured {
        long[] get() throws Exception;
    }

    /** How long {@code step} took: elapsed ms and the process's CPU ms. */
    private static long[] timed(Step step) throws Exception {
        long cpuBefore = StateScaleBench.processCpuNanos();
        long started = System.nanoTime();
        step.run();
        return new long[] {(System.nanoTime() - started) / 1_000_000, (StateScaleBench.processCpuNanos() - cpuBefore) / 1_000_000};
    }

    /** The medians of three measurements' elapsed and CPU ms. */
    private static long[] medianOfThree(Measured measurement) throws Exception {
        long[] ms = new long[3];
        long[] cpu = new long[3];
        for (int i = 0; i < 3; i++) {
            long[] m = measurement.get();
            ms[i] = m[0];
            cpu[i] = m[1];
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new long[] {ms[1], cpu[1]};
    }

    private double perTransaction(Path folder) throws IOException {
        return (double) size(folder) / transactions;
    }

    /** The node's store; {@code -DledgerFill.indexCacheMegabytes=N} sizes the index's node cache (default: the node's). */
    private StorageEngine openStore() {
        Integer megabytes = Integer.getInteger("ledgerFill.indexCacheMegabytes");
        return megabytes == null ? StoredChains.open(dir.resolve("node"))
                : StoredChains.open(dir.resolve("node"), megabytes * (1L << 20));
    }

    private ChainNode openNode() {
        ChainNode n = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                () -> importerClock[0], FILL);
        n.open();
        return n;
    }

    /** Mints enough for every transfer to come (each costs 1 unit and a 1,000-unit fee), imported as any block. */
    private void fund(long transfers) throws Exception {
        TestChain.ModelLine line = new TestChain.ModelLine(producer.modelTip());
        int tag = 0;
        while (producer.account(TREASURY.account()).balance() < transfers * 1_001) {
            List<ImprovementProof> proofs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                proofs.add(line.next(TREASURY, 10_000, "fill-" + tag++));
            }
            node.importBlock(producer.produceBlock(proofs).encoded());
        }
        nonce = producer.account(TREASURY.account()).nonce();
    }

    /** One full block of transfers to fresh accounts, made by the producer. */
    private Block makeToFresh() throws Exception {
        Block block = make(i -> recipient(madeAccounts + i));
        madeAccounts += perBlock;
        return block;
    }

    /** One full block of transfers to existing accounts picked at random, made by the producer. */
    private Block makeToExisting() throws Exception {
        return make(i -> existingAccount());
    }

    private AccountId existingAccount() {
        return recipient(Math.floorMod(recipients.nextLong(), madeAccounts));
    }

    private Block make(IntFunction<AccountId> recipientOf) throws Exception {
        for (int i = 0; i < perBlock; i++) {
            producer.submit(transfer(recipientOf.apply(i)));
        }
        Block block = producer.produceBlock(List.of());
        if (block.transactions().size() != perBlock) {
            throw new IllegalStateException("the block holds " + block.transactions().size() + " transfers, not " + perBlock
                    + ": lower the transfers per block");
        }
        return block;
    }

    /** Imports one block of the producer's on the node. */
    private void importBlock(Block block, long newAccounts) throws Exception {
        node.importBlock(block.encoded());
        imported(block, newAccounts);
    }

    private void imported(Block block, long newAccounts) {
        accounts += newAccounts;
        sample(block);
    }

    /** Counts a stored block's transfers and keeps one at random for the look-ups (reservoir of 20,000). */
    private void sample(Block block) {
        transactions += perBlock;
        if (sampledTxIds.size() < 20_000) {
            sampledTxIds.add(block.transactions().get(random.nextInt(perBlock)).id());
        } else {
            sampledTxIds.set(random.nextInt(sampledTxIds.size()), block.transactions().get(random.nextInt(perBlock)).id());
        }
    }

    /**
     * The account tree update of a block changing 6,000 accounts (half existing, half new),
     * prepared on the node's state once the store applied the last block: median of 5, in ms and
     * in CPU ms of the preparing thread.
     */
    private double[] commitmentMillis() {
        double[] ms = new double[5];
        double[] cpu = new double[5];
        for (int r = 0; r < ms.length; r++) {
            Map<AccountId, Account> changes = new HashMap<>();
            for (int i = 0; i < 3_000; i++) {
                changes.put(recipient(Math.floorMod(random.nextLong(), accounts)), new Account(2 + r, 0, null));
                changes.put(recipient(Long.MAX_VALUE - random.nextInt(1 << 30)), new Account(1, 0, null));
            }
            // a read waits until the store applied every durable batch: not part of the commitment
            store.statistics();
            long cpuBefore = StateScaleBench.THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            node.chain().read(view -> view.prepareAccounts(changes));
            ms[r] = (System.nanoTime() - started) / 1e6;
            cpu[r] = (StateScaleBench.THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new double[] {ms[2], cpu[2]};
    }

    private double accountLookupMicros() {
        store.statistics(); // waits until the store applied every durable batch
        int n = 20_000;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (node.chain().account(recipient(Math.floorMod(random.nextLong(), accounts))).balance() < 1) {
                throw new IllegalStateException("a filled account lost its unit");
            }
        }
        return (System.nanoTime() - started) / 1e3 / n;
    }

    private double transactionLookupMicros() {
        store.statistics(); // waits until the store applied every durable batch
        long started = System.nanoTime();
        for (byte[] id : sampledTxIds) {
            if (node.transaction(id).isEmpty()) {
                throw new IllegalStateException("a confirmed transfer is not found");
            }
        }
        return (System.nanoTime() - started) / 1e3 / sampledTxIds.size();
    }

    private static long heapMegabytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
