package org.qenex.chain.internal.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Many request threads admitting signed transfers into one mempool at once, as the REST submit
 * path does under load: each thread its own senders, each sender's transfers in nonce order.
 * One shot per iteration: every thread admits its whole batch into a fresh node; JMH reports the
 * time a thread took for its {@link Batch#SIZE} admissions (all threads start together).
 * <ul>
 * <li>{@code verified=true}: the signatures are already in the node's cache (verified in set-up),
 * so what is timed is the mempool's own work and its locks: the contention bench;</li>
 * <li>{@code verified=false}: the whole admission, Ed25519 verification included.</li>
 * </ul>
 * Run (8 threads on however many cores there are):
 * {@code java -cp ... org.openjdk.jmh.Main MempoolContentionBench -t 8 -f 1 -wi 2 -i 5}, or {@code main}.
 */
@State(Scope.Benchmark)
public class MempoolContentionBench {

    static final int SENDERS_PER_THREAD = 16;
    static final int MAX_THREADS = 16;

    @Param({"true", "false"})
    public boolean verified;

    ChainNode node;
    final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Iteration)
    public void freshNode() throws Exception {
        long[] clock = {TestChain.GENESIS_TIME};
        node = BenchChain.memoryNode(clock);
        BenchChain.fund(node, SENDERS_PER_THREAD * MAX_THREADS);
    }

    /** One thread's transfers: signed once, offered again to each fresh node. */
    @State(Scope.Thread)
    public static class Batch {
        static final int SIZE = 10_000;
        Transaction[] txs;
        int thread = -1;

        @Setup(Level.Iteration)
        public void prepare(MempoolContentionBench bench) throws Exception {
            if (txs == null) {
                thread = bench.threads.getAndIncrement();
                if (thread >= MAX_THREADS) {
                    throw new IllegalStateException("at most " + MAX_THREADS + " threads");
                }
                txs = new Transaction[SIZE];
                for (int n = 0; n < SIZE; n++) {
                    KeyPair from = BenchChain.sender(thread * SENDERS_PER_THREAD + n % SENDERS_PER_THREAD);
                    txs[n] = TransactionCodec.transfer(TestChain.CHAIN_ID, from, BenchChain.sender(n % 7).account(), 1, 1_000,
                            n / SENDERS_PER_THREAD);
                }
            }
            if (bench.verified) {
                for (Transaction tx : txs) {
                    bench.node.chain().rules().transactionRules().checkStateless(tx);
                }
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int admitBatch(Batch batch) throws ChainException {
        for (Transaction tx : batch.txs) {
            // from the encoding, as a REST submission arrives: a decoded Transaction caches its hashes
            node.submit(tx.encoded());
        }
        return node.mempoolSize();
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder().include(MempoolContentionBench.class.getSimpleName() + "\\.admitBatch")
                .forks(1).threads(8).warmupIterations(2).measurementIterations(5).jvmArgs("-Xmx2g").build();
        new Runner(options).run();
    }
}
