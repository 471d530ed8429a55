package org.qenex.chain.internal.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.qenex.chain.internal.CommitCountingStore;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.AssembledBlock;
import org.qenex.chain.internal.ledger.Blockchain;
import org.qenex.chain.internal.ledger.ChainDatabase;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.storage.internal.StorageEngine;

/**
 * The state's cost against its size, up to a million accounts, without the cost of signatures:
 * a {@link Blockchain} on the real store is given synthetic blocks (no transactions) whose state
 * changes set {@code perBlock} accounts each, through {@link Blockchain#produce}: the same
 * commitment (account tree update), store batch and caches as any block, but no transaction rules.
 * What {@link LedgerFill} measures with signed transfers, this measures where signing and
 * verifying a million transfers does not fit the time. At each checkpoint: the stored block of
 * 6,000 changed accounts (commitment + batch; 3,000 new), the commitment alone, account lookups
 * and the heap, with the CPU time of the block (the whole process) and of the commitment (its
 * thread): on a loaded machine those change far less than the elapsed times. The accounts column
 * counts the three measured blocks' new accounts too. Then the store batch of the largest block the
 * parameters allow (14,169 existing accounts changed, as by 7,084 transfers between distinct
 * accounts, without the transactions' 7,084 index entries), in operations. At the end, the
 * restart. Arguments: data folder, checkpoints (e.g. {@code 1000,100000,1000000}); or data folder and
 * {@code restart}: only the restart of a store filled before (by this or an earlier version, whose
 * tree the start migrates).
 */
public final class StateScaleBench {

    // with one tree record per node, a block of 10,000 new accounts at 309,000 wrote more than the store's 100,000
    // operations per batch (the fill then used 5,000); with pages it fits
    private static final int FILL_BLOCK = 10_000;
    private static final int MEASURED_BLOCK = 6_000;
    // 2 x 7,084 transfers of 148 bytes in 1 MiB, and the producer (BlockBatchLimitTest)
    private static final int LARGEST_BLOCK_ACCOUNTS = 14_169;

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Random random = new Random(11);
    private long accounts;
    private long clock = TestChain.GENESIS_TIME;
    private CommitCountingStore counting;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (args[1].equals("restart")) {
            new StateScaleBench().restart(dir);
            return;
        }
        long[] checkpoints = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
        new StateScaleBench().run(dir, checkpoints);
    }

    private Blockchain open(StorageEngine store) {
        counting = new CommitCountingStore(store);
        Blockchain chain = new Blockchain(TestChain.params(), new ChainDatabase(counting),
                new BlockRules(TestChain.params(), new SignatureCache(1_000)), TestChain.VERIFIER, () -> Long.MAX_VALUE / 2);
        chain.open();
        return chain;
    }

    private void run(Path dir, long[] checkpoints) throws Exception {
        Files.createDirectories(dir);
        StorageEngine store = StoredChains.open(dir);
        Blockchain chain = open(store);
        System.out.printf("%-10s %-18s %-14s %-16s %-14s %-14s %-10s %-14s%n", "accounts", "block of 6,000 ms", "block CPU ms",
                "commitment ms", "commit. CPU ms", "account µs", "heap MB", "largest batch");
        for (long target : checkpoints) {
            while (accounts < target) {
                block(chain, (int) Math.min(FILL_BLOCK, target - accounts), true);
            }
            long[] ms = new long[3];
            long[] cpu = new long[3];
            for (int i = 0; i < ms.length; i++) {
                long cpuBefore = processCpuNanos();
                ms[i] = block(chain, MEASURED_BLOCK, false);
                cpu[i] = (processCpuNanos() - cpuBefore) / 1_000_000;
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            double[] commitment = commitment(store, chain);
            double lookup = lookup(chain);
            long heap = heap();
            counting.largestBatch.set(0);
            block(chain, LARGEST_BLOCK_ACCOUNTS, false, true);
            System.out.printf("%-10d %-18d %-14d %-16.1f %-14.1f %-14.1f %-10d %-14d%n", accounts, ms[1], cpu[1], commitment[0],
                    commitment[1], lookup, heap, counting.largestBatch.get());
        }
        store.close();
        restart(dir);
    }

    private void restart(Path dir) throws Exception {
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        StorageEngine store = StoredChains.open(dir);
        Blockchain chain = open(store);
        System.out.printf("restart with %d accounts: %.0f ms, %d ms of CPU (store open and chain open): %s%n", accounts,
                (System.nanoTime() - started) / 1e6, (processCpuNanos() - cpuBefore) / 1_000_000, chain.startupNote());
        if (chain.account(LedgerFill.recipient(accounts / 2)).isEmpty()) {
            throw new IllegalStateException("an account was lost in the restart");
        }
        store.close();
    }

    /** A block that creates {@code fresh} new accounts (fill) or half new, half existing (measured); returns its ms. */
    private long block(Blockchain chain, int size, boolean fill) throws Exception {
        return block(chain, size, fill, false);
    }

    /** ... or, {@code existingOnly}, changes {@code size} distinct existing accounts. */
    private long block(Blockchain chain, int size, boolean fill, boolean existingOnly) throws Exception {
        long started = System.nanoTime();
        chain.produce((state, head) -> {
            StateChanges changes = new StateChanges(state);
            if (existingOnly) {
                long first = Math.floorMod(random.nextLong(), accounts - size);
                for (int i = 0; i < size; i++) {
                    AccountId id = LedgerFill.recipient(first + i);
                    changes.put(id, changes.account(id).credit(1));
                }
            }
            int created = existingOnly ? 0 : fill ? size : size / 2;
            for (int i = 0; i < created; i++) {
                changes.put(LedgerFill.recipient(accounts + i), new Account(1, 0, null));
            }
            for (int i = created; i < (existingOnly ? 0 : size); i++) {
                AccountId id = LedgerFill.recipient(Math.floorMod(random.nextLong(), accounts));
                changes.put(id, changes.account(id).credit(1));
            }
            clock += 5_000;
            BlockHeader header = new BlockHeader(TestChain.CHAIN_ID, head.height() + 1, head.hash(), clock, Block.txRoot(List.of()),
                    Block.mintRoot(List.of()), changes.commitment(), TestChain.validator().publicKey(), 0, 0);
            return new AssembledBlock(BlockCodec.seal(header, TestChain.validator(), List.of(), List.of()), changes);
        });
        accounts += existingOnly ? 0 : fill ? size : size / 2;
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * The account tree update of 6,000 changed accounts, half existing, half new, prepared on the
     * state once the store applied the last block: median of 5, in ms and in the CPU ms of the
     * thread that prepares it (the store's reads run on it), which the machine's load does not inflate.
     */
    private double[] commitment(StorageEngine store, Blockchain chain) {
        double[] ms = new double[5];
        double[] cpu = new double[5];
        for (int r = 0; r < ms.length; r++) {
            Map<AccountId, Account> changes = new HashMap<>();
            for (int i = 0; i < MEASURED_BLOCK / 2; i++) {
                changes.put(LedgerFill.recipient(Math.floorMod(random.nextLong(), accounts)), new Account(9, 0, null));
                changes.put(LedgerFill.recipient(Long.MAX_VALUE - random.nextInt(1 << 30)), new Account(1, 0, null));
            }
            // a read waits until the store applied every durable batch: not part of the commitment
            store.statistics();
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            chain.read(view -> view.prepareAccounts(changes));
            ms[r] = (System.nanoTime() - started) / 1e6;
            cpu[r] = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new double[] {ms[2], cpu[2]};
    }

    /** The whole process's CPU time (every thread: the store's I/O and apply threads included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private double lookup(Blockchain chain) {
        int n = 20_000;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (chain.account(LedgerFill.recipient(Math.floorMod(random.nextLong(), accounts))).isEmpty()) {
                throw new IllegalStateException("a filled account is missing");
            }
        }
        return (System.nanoTime() - started) / 1e3 / n;
    }

    private static long heap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
