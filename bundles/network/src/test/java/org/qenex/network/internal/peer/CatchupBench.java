package org.qenex.network.internal.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.exchange.ChainExchange;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.network.internal.handshake.NetworkKey;
import org.qenex.network.internal.handshake.PeerCertificate;
import org.qenex.network.internal.wire.HostPort;
import org.qenex.storage.internal.StorageEngine;

/**
 * Not a unit test: a measurement (issue 12, "catch-up of 10,000 blocks at >= 80 % of the local
 * import speed"). One chain of BLOCKS blocks of TX transfers each is made once; then, in the same
 * JVM and conditions:
 * <ol>
 * <li><b>local import</b>: the encoded blocks handed one by one to a fresh {@link ChainNode} on the
 * real store ({@code importBlock}, the path {@code ChainBench.importFullBlock} times);</li>
 * <li><b>catch-up</b>: a fresh node on the real store with its {@link ChainExchange} and a
 * {@link PeerNetworkEngine} (Netty NIO, TLS 1.3, frames, the relay's catch-up) dials SOURCES
 * engines serving that chain on loopback and syncs it, every block fully validated;</li>
 * </ol>
 * and prints both rates and their ratio. The funding blocks (rewards, fan-out to the senders) are
 * imported by both nodes before their clocks start: both time exactly the BLOCKS transfer blocks.
 *
 * <pre>
 * cd bundles/network &amp;&amp; mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test \
 *   &amp;&amp; java -Xmx2g -cp target/test-classes:target/classes:$(cat target/cp.txt) org.qenex.network.internal.peer.CatchupBench 10000 20 1
 * </pre>
 * Arguments: BLOCKS (10000), TX transfers per block (20), SOURCES peers serving the chain (1).
 */
public final class CatchupBench {

    private static final ChainNode.Limits LARGE = new ChainNode.Limits(2_000_000, 1_000_000, 2_000_000);
    private static final int SENDERS = 200;

    private CatchupBench() {
    }

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int sources = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<Path> folders = new ArrayList<>();
        List<StorageEngine> stores = new ArrayList<>();
        List<PeerNetworkEngine> engines = new ArrayList<>();
        List<ChainExchange> exchanges = new ArrayList<>();
        try {
            long made = System.nanoTime();
            long[] clock = {TestChain.GENESIS_TIME};
            ChainNode producer = memoryNode(clock);
            List<byte[]> funding = fund(producer);
            List<byte[]> chain = transfers(producer, blocks, perBlock);
            System.out.printf("made %d funding blocks and %d blocks of %d transfers in %.1f s%n", funding.size(), chain.size(),
                    perBlock, (System.nanoTime() - made) / 1e9);

            // 1. local import, the baseline
            ChainNode local = storedNode(folders, stores);
            for (byte[] b : funding) {
                local.importBlock(b);
            }
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            for (byte[] b : chain) {
                local.importBlock(b);
            }
            double localSeconds = (System.nanoTime() - t0) / 1e9;
            report("local import", blocks, perBlock, localSeconds, cpuNanos() - cpu0);

            // 2. the same blocks over the network, from SOURCES peers
            List<ChainNode> servers = new ArrayList<>();
            servers.add(producer);
            for (int s = 1; s < sources; s++) {
                ChainNode copy = memoryNode(new long[] {Long.MAX_VALUE / 2});
                for (byte[] b : funding) {
                    copy.importBlock(b);
                }
                for (byte[] b : chain) {
                    copy.importBlock(b);
                }
                servers.add(copy);
            }
            List<HostPort> seeds = new ArrayList<>();
            for (ChainNode server : servers) {
                ChainExchange exchange = new ChainExchange(server);
                exchanges.add(exchange);
                PeerNetworkEngine engine = engine(folders, server, exchange, List.of());
                exchange.addListener(engine.listener());
                engines.add(engine);
                seeds.add(new HostPort("127.0.0.1", engine.boundPort()));
            }
            ChainNode fresh = storedNode(folders, stores);
            for (byte[] b : funding) {
                fresh.importBlock(b);
            }
            long target = producer.height();
            ChainExchange exchange = new ChainExchange(fresh);
            exchanges.add(exchange);
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            PeerNetworkEngine syncing = engine(folders, fresh, exchange, seeds);
            exchange.addListener(syncing.listener());
            engines.add(syncing);
            long deadline = t1 + 30L * 60 * 1_000_000_000L;
            while (fresh.height() < target && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double networkSeconds = (System.nanoTime() - t1) / 1e9;
            long networkCpu = cpuNanos() - cpu1;
            if (fresh.height() < target || !fresh.headHash().equals(producer.headHash())) {
                throw new IllegalStateException("catch-up stopped at height " + fresh.height() + " of " + target);
            }
            report("catch-up from " + sources + " peer(s), connection set-up included", blocks, perBlock, networkSeconds,
                    networkCpu);
            System.out.printf("catch-up / local import: %.0f %%%n", 100 * localSeconds / networkSeconds);
        } finally {
            engines.forEach(PeerNetworkEngine::stop);
            exchanges.forEach(ChainExchange::close);
            for (StorageEngine store : stores) {
                store.close();
            }
            for (Path folder : folders) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /**
     * Wall-clock rates, and the CPU the whole JVM spent meanwhile (every thread: serving peers and
     * TLS included): on a shared machine the CPU per block compares better than the wall clock.
     */
    private static void report(String what, int blocks, int perBlock, double seconds, long cpuNanos) {
        System.out.printf("%s: %d blocks in %.2f s = %.0f blocks/s, %.0f transfers/s; JVM CPU %.1f s = %.2f ms per block; load average %s%n",
                what, blocks, seconds, blocks / seconds, (double) blocks * perBlock / seconds, cpuNanos / 1e9,
                cpuNanos / 1e6 / blocks, loadAverage());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static PeerNetworkEngine engine(List<Path> folders, ChainNode chain, ChainExchange exchange, List<HostPort> seeds)
            throws Exception {
        Path folder = Files.createTempDirectory("qenex-catchup-bench");
        folders.add(folder);
        SecureRandom random = new SecureRandom();
        NetworkSettings settings = NetworkSettings.defaults("127.0.0.1", 0, seeds);
        PeerNetworkEngine engine = new PeerNetworkEngine(settings, RelaySettings.defaults(settings.maxFrameBytes()),
                NetworkKey.loadOrCreate(folder, random), PeerCertificate.generate("bench", random), chain,
                () -> exchange, folder, random);
        engine.start();
        return engine;
    }

    /** A node whose clock is far ahead, so no block of the made chain is "too far ahead". */
    private static ChainNode storedNode(List<Path> folders, List<StorageEngine> stores) throws IOException {
        Path dir = Files.createTempDirectory("qenex-catchup-store");
        folders.add(dir);
        StorageEngine store = StoredChains.open(dir);
        stores.add(store);
        long[] clock = {Long.MAX_VALUE / 2};
        ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER, () -> clock[0], LARGE);
        node.open();
        return node;
    }

    /** The producer (and extra sources): in memory, its clock moving 5 s per read, as {@code ChainBench}'s. */
    static ChainNode memoryNode(long[] clock) {
        ChainNode node = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), TestChain.VERIFIER,
                () -> clock[0] += 5_000, LARGE);
        node.open();
        return node;
    }

    private static KeyPair sender(int i) {
        return new KeyPair(Sha256.hash(java.nio.ByteBuffer.allocate(8).putLong(2_000_000L + i).array()));
    }

    /** Rewards to a treasury, then 1 QXC to each sender: blocks the importers take before their clocks start. */
    static List<byte[]> fund(ChainNode node) throws Exception {
        List<byte[]> out = new ArrayList<>();
        KeyPair treasury = TestChain.key(7);
        TestChain.ModelLine line = new TestChain.ModelLine(node.modelTip());
        List<ImprovementProof> proofs = new ArrayList<>();
        for (int i = 0; i < SENDERS / 50 + 2; i++) {
            proofs.add(line.next(treasury, 10_000, "fund-" + i));
        }
        out.add(node.produceBlock(proofs).encoded());
        long nonce = node.account(treasury.account()).nonce();
        for (int i = 0; i < SENDERS; i++) {
            node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, treasury, sender(i).account(), Qxc.UNITS_PER_QXC, 1_000,
                    nonce++).encoded());
        }
        while (node.mempoolSize() > 0) {
            out.add(node.produceBlock(List.of()).encoded());
        }
        return out;
    }

    /** {@code blocks} blocks of {@code perBlock} transfers each among the senders, signed in parallel. */
    static List<byte[]> transfers(ChainNode node, int blocks, int perBlock) throws Exception {
        KeyPair[] keys = IntStream.range(0, SENDERS).mapToObj(CatchupBench::sender).toArray(KeyPair[]::new);
        long total = (long) blocks * perBlock;
        byte[][] signed = new byte[(int) total][];
        IntStream.range(0, (int) total).parallel().forEach(n -> signed[n] = TransactionCodec.transfer(TestChain.CHAIN_ID,
                keys[n % SENDERS], keys[(n + 1) % SENDERS].account(), 1, 1_000, n / SENDERS).encoded());
        List<byte[]> out = new ArrayList<>(blocks);
        int n = 0;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < perBlock; i++) {
                node.submit(signed[n++]);
            }
            Block block = node.produceBlock(List.of());
            if (block.transactions().size() != perBlock) {
                throw new IllegalStateException("block " + block.height() + " holds " + block.transactions().size() + " transfers");
            }
            out.add(block.encoded());
        }
        return out;
    }
}
