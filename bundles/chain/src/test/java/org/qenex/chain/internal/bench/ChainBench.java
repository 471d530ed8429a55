package org.qenex.chain.internal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.Ed25519;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/**
 * The ledger's throughput, measured together so the figures compare:
 * <ul>
 * <li>{@code rawVerify}: one BouncyCastle Ed25519 verification of a transfer (the bound);</li>
 * <li>{@code admission}: decode, verify and insert one signed transfer into the mempool;</li>
 * <li>{@code importFullBlock}: validate, apply and persist (real store) one 1 MB block of about
 * 6,600 transfers; sampled, so JMH prints p99.</li>
 * </ul>
 * Run: see docs/chain.md ({@code main} runs all three at modest length, 2 threads).
 */
public class ChainBench {

    @State(Scope.Benchmark)
    public static class Signed {
        byte[] message;
        byte[] publicKey;
        byte[] signature;

        @Setup
        public void setUp() {
            KeyPair key = TestChain.key(5);
            Transaction tx = TransactionCodec.transfer(TestChain.CHAIN_ID, key, TestChain.key(6).account(), 1, 1_000, 0);
            byte[] all = tx.encoded();
            message = java.util.Arrays.copyOf(all, all.length - 64);
            signature = java.util.Arrays.copyOfRange(all, all.length - 64, all.length);
            publicKey = key.publicKey();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean rawVerify(Signed s) {
        return Ed25519.verify(s.publicKey, s.message, s.signature);
    }

    /** A funded node, fresh for each iteration. */
    @State(Scope.Benchmark)
    public static class Admission {
        static final int SENDERS = 512;
        ChainNode node;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Iteration)
        public void setUp() throws Exception {
            long[] clock = {TestChain.GENESIS_TIME};
            node = BenchChain.memoryNode(clock);
            BenchChain.fund(node, SENDERS);
            threads.set(0);
        }
    }

    /** Each thread's own senders and pre-signed transfers, in nonce order. */
    @State(Scope.Thread)
    public static class SenderStream {
        static final int PER_THREAD = 60_000;
        byte[][] txs;
        int next;

        @Setup(Level.Iteration)
        public void setUp(Admission admission) {
            int thread = admission.threads.getAndIncrement();
            int senders = Admission.SENDERS / 2;
            txs = new byte[PER_THREAD][];
            KeyPair[] keys = new KeyPair[senders];
            for (int i = 0; i < senders; i++) {
                keys[i] = BenchChain.sender(thread * senders + i);
            }
            for (int n = 0; n < PER_THREAD; n++) {
                KeyPair from = keys[n % senders];
                txs[n] = TransactionCodec.transfer(TestChain.CHAIN_ID, from, keys[(n + 1) % senders].account(), 1, 1_000,
                        n / senders).encoded();
            }
            next = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] admission(Admission a, SenderStream s) throws Exception {
        if (s.next == s.txs.length) {
            throw new IllegalStateException("pre-signed transfers exhausted: lengthen SenderStream.PER_THREAD");
        }
        return a.node.submit(s.txs[s.next++]);
    }

    /** Full blocks made once; each invocation imports the next into a node on the real store. */
    @State(Scope.Benchmark)
    public static class FullBlocks {
        static final int BLOCKS = 6;
        List<Block> funding;
        List<Block> full = new ArrayList<>();
        Path dir;
        StorageEngine store;
        ChainNode importer;
        int next;

        @Setup(Level.Trial)
        public void make() throws Exception {
            long[] clock = {TestChain.GENESIS_TIME};
            ChainNode producer = BenchChain.memoryNode(clock);
            int senders = 7_000;
            funding = BenchChain.fund(producer, senders);
            for (int b = 0; b < BLOCKS; b++) {
                for (int i = 0; i < senders; i++) {
                    KeyPair from = BenchChain.sender(i);
                    try {
                        producer.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, from,
                                BenchChain.sender((i + 1) % senders).account(), 1, 1_000,
                                producer.account(from.account()).nonce()).encoded());
                    } catch (org.qenex.chain.internal.error.ChainException e) {
                        throw new IllegalStateException(e);
                    }
                }
                full.add(producer.produceBlock(List.of()));
                // what did not fit is dropped; the next block's transfers take each sender's next nonce
                producer.mempool().select(Integer.MAX_VALUE).forEach(producer.mempool()::remove);
            }
            for (Block b : full) {
                if (b.size() < 900_000) {
                    throw new IllegalStateException("not a full block: " + b.size() + " bytes");
                }
            }
            next = full.size();
        }

        @Setup(Level.Invocation)
        public void resetWhenExhausted() throws Exception {
            if (next < full.size()) {
                return;
            }
            closeStore();
            dir = Files.createTempDirectory("chain-bench");
            store = StoredChains.open(dir);
            long[] clock = {Long.MAX_VALUE / 2};
            importer = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER, () -> clock[0],
                    BenchChain.LARGE);
            importer.open();
            for (Block b : funding) {
                importer.importBlock(b.encoded());
            }
            next = 0;
        }

        @TearDown(Level.Trial)
        public void closeStore() throws IOException {
            if (store != null) {
                store.close();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                store = null;
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object importFullBlock(FullBlocks f) throws Exception {
        return f.importer.importBlock(f.full.get(f.next++).encoded());
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder().include(ChainBench.class.getSimpleName() + "\\.(rawVerify|admission)")
                .forks(1).threads(2).warmupIterations(1).warmupTime(TimeValue.seconds(3)).measurementIterations(3)
                .measurementTime(TimeValue.seconds(3)).jvmArgs("-Xmx2g").build();
        new Runner(options).run();
        Options imports = new OptionsBuilder().include(ChainBench.class.getSimpleName() + "\\.importFullBlock")
                .forks(1).threads(1).warmupIterations(1).warmupTime(TimeValue.seconds(5)).measurementIterations(3)
                .measurementTime(TimeValue.seconds(10)).jvmArgs("-Xmx3g").build();
        new Runner(imports).run();
    }
}
