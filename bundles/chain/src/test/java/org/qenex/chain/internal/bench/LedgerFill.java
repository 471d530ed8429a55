package org.qenex.chain.internal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.state.Account;
import org.qenex.storage.internal.StorageEngine;

/**
 * Fills a node on the real store with N accounts through the real import path, and measures the
 * ledger at each size it passes: a producer node (its own store) makes full blocks of signed
 * transfers from a funded treasury to fresh accounts; the measured node imports each block
 * ({@code importBlock}: every signature, rule and the state commitment checked, one store batch).
 * At each checkpoint: block import (ms per block, transfers/s), the commitment's cost (the account
 * tree update of one block changing 6,000 accounts, prepared on the state), account and
 * transaction lookups, store bytes per transaction (the files' length: MapDB grows its files in
 * steps, so {@code du} in the script gives the space in use) and the heap in use; at the end, the restart
 * time. Run by {@code bench/ledger-fill.sh}; arguments: data folder, checkpoints (e.g.
 * {@code 1000,100000,1000000}), transfers per block (default 6,000).
 */
public final class LedgerFill {

    private static final KeyPair TREASURY = TestChain.key(7);

    private final Path dir;
    private final int perBlock;
    private final long[] producerClock = {TestChain.GENESIS_TIME};
    private final long[] importerClock = {Long.MAX_VALUE / 2};
    private final Random random = new Random(7);
    private final List<byte[]> sampledTxIds = new ArrayList<>();
    private StorageEngine producerStore;
    private StorageEngine store;
    private ChainNode producer;
    private ChainNode node;
    private long accounts;
    private long transactions;
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
        long[] checkpoints = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
        int perBlock = args.length > 2 ? Integer.parseInt(args[2]) : 6_000;
        new LedgerFill(dir, perBlock).run(checkpoints);
    }

    private void run(long[] checkpoints) throws Exception {
        Files.createDirectories(dir);
        producerStore = StoredChains.open(dir.resolve("producer"));
        store = StoredChains.open(dir.resolve("node"));
        producer = BenchChain.node(producerStore, producerClock);
        node = openNode();
        fund(checkpoints[checkpoints.length - 1] + 10L * perBlock);
        System.out.printf("%-10s %-12s %-14s %-14s %-16s %-16s %-14s %-12s %-14s %-10s%n", "accounts", "import ms", "transfers/s",
                "import CPU ms", "commitment ms", "commit. CPU ms", "account µs", "tx µs", "store B/tx", "heap MB");
        for (long target : checkpoints) {
            long started = System.nanoTime();
            // the accounts column counts the three measured blocks' accounts too
            while (accounts + perBlock <= target) {
                block();
            }
            double fillSeconds = (System.nanoTime() - started) / 1e9;
            // measured: the next 3 full blocks, each making 6,000 new accounts
            long[] ms = new long[3];
            long[] cpu = new long[3];
            for (int i = 0; i < 3; i++) {
                long cpuBefore = StateScaleBench.processCpuNanos();
                ms[i] = block();
                cpu[i] = (StateScaleBench.processCpuNanos() - cpuBefore) / 1_000_000;
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            double[] commitment = commitmentMillis();
            double accountMicros = accountLookupMicros();
            double txMicros = transactionLookupMicros();
            System.out.printf("%-10d %-12d %-14.0f %-14d %-16.1f %-16.1f %-14.1f %-12.1f %-14.0f %-10d (filled in %.0f s)%n", accounts,
                    ms[1], perBlock * 1000.0 / ms[1], cpu[1], commitment[0], commitment[1], accountMicros, txMicros,
                    (double) size(dir.resolve("node")) / transactions, heapMegabytes(), fillSeconds);
        }
        producerStore.close();
        store.close();
        long restart = System.nanoTime();
        store = StoredChains.open(dir.resolve("node"));
        node = openNode();
        System.out.printf("restart with %d accounts, %d transactions: %.0f ms (store open and chain open), head %d: %s%n", accounts,
                transactions, (System.nanoTime() - restart) / 1e6, node.head().height(), node.chain().startupNote());
        store.close();
    }

    private ChainNode openNode() {
        ChainNode n = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                () -> importerClock[0], BenchChain.LARGE);
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

    /** One full block of transfers to fresh accounts: made by the producer, imported (and timed) by the node. */
    private long block() throws Exception {
        for (int i = 0; i < perBlock; i++) {
            byte[] tx = org.qenex.chain.internal.tx.TransactionCodec.transfer(TestChain.CHAIN_ID, TREASURY, recipient(accounts + i), 1,
                    1_000, nonce++).encoded();
            producer.submit(tx);
        }
        Block block = producer.produceBlock(List.of());
        if (block.transactions().size() != perBlock) {
            throw new IllegalStateException("the block holds " + block.transactions().size() + " transfers, not " + perBlock
                    + ": lower the transfers per block");
        }
        byte[] encoded = block.encoded();
        long started = System.nanoTime();
        node.importBlock(encoded);
        long ms = (System.nanoTime() - started) / 1_000_000;
        accounts += perBlock;
        transactions += perBlock;
        if (sampledTxIds.size() < 20_000) {
            sampledTxIds.add(block.transactions().get(random.nextInt(perBlock)).id());
        } else {
            sampledTxIds.set(random.nextInt(sampledTxIds.size()), block.transactions().get(random.nextInt(perBlock)).id());
        }
        return ms;
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
        int n = 20_000;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (node.chain().account(recipient(Math.floorMod(random.nextLong(), accounts))).balance() != 1) {
                throw new IllegalStateException("a filled account lost its unit");
            }
        }
        return (System.nanoTime() - started) / 1e3 / n;
    }

    private double transactionLookupMicros() {
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
