package org.qenex.network.internal.peer;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.qenex.network.internal.handshake.NetworkKey;
import org.qenex.network.internal.handshake.PeerCertificate;
import org.qenex.network.internal.wire.HostPort;

import io.netty.util.internal.PlatformDependent;

/**
 * Not a unit test: a measurement (issue 12, "memory per connected peer, and the node's idle CPU
 * with 8 peers"). This JVM is the node: an engine with the node's default settings (2 I/O threads,
 * pings every 30 s, the relay's sweep every second, a ledger behind it). The peers are real
 * protocol peers (TLS 1.3, the handshake, pings, address exchange), but lean ones: PEERS engines in
 * ONE child JVM ({@link Peers}), instead of PEERS Karaf nodes, which two cores could not host beside
 * the node. Measured in the node's JVM, first with no peer, then with PEERS connected:
 * <ul>
 * <li>heap in use after a full GC, and direct memory (the JDK's and Netty's own counters); the
 * difference divided by PEERS is the memory per connected idle peer;</li>
 * <li>the JVM's CPU time over SECONDS s of idleness, as a share of one core.</li>
 * </ul>
 *
 * <pre>
 * cd bundles/network &amp;&amp; mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test \
 *   &amp;&amp; java -Xmx256m -cp target/test-classes:target/classes:$(cat target/cp.txt) org.qenex.network.internal.peer.PeerCostBench 8 60
 * </pre>
 */
public final class PeerCostBench {

    private static final String CHAIN = "peer-cost";
    private static final char GENESIS = 'c';

    private PeerCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path folder = Files.createTempDirectory("qenex-peer-cost");
        SecureRandom random = new SecureRandom();
        FakeLedger ledger = new FakeLedger();
        NetworkSettings settings = NetworkSettings.defaults("127.0.0.1", 0, List.of());
        PeerNetworkEngine node = new PeerNetworkEngine(settings, RelaySettings.defaults(settings.maxFrameBytes()),
                NetworkKey.loadOrCreate(folder, random), PeerCertificate.generate("node", random),
                FixedChain.of(CHAIN, GENESIS), () -> ledger, folder, random);
        ledger.listen(node.listener());
        node.start();
        Process child = null;
        try {
            // the JIT and the first TLS set-up settle before anything is measured
            Thread.sleep(10_000);
            Sample alone = sample(seconds);
            System.out.printf("0 peers: %s; load average %s%n", alone, loadAverage());

            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Peers.class.getName(),
                    Integer.toString(node.boundPort()), Integer.toString(peers));
            child = new ProcessBuilder(command).inheritIO().start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (node.peers().size() < peers && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (node.peers().size() < peers) {
                throw new IllegalStateException("only " + node.peers().size() + " of " + peers + " peers connected");
            }
            // past the handshakes, address exchange and the first pings
            Thread.sleep(40_000);
            Sample connected = sample(seconds);
            System.out.printf("%d peers: %s; load average %s%n", node.peers().size(), connected, loadAverage());
            System.out.printf("per connected peer: heap %.1f KiB, direct memory (JDK) %.1f KiB, direct memory (Netty) %.1f KiB%n",
                    (connected.heap - alone.heap) / 1024.0 / peers, (connected.direct - alone.direct) / 1024.0 / peers,
                    (connected.nettyDirect - alone.nettyDirect) / 1024.0 / peers);
            System.out.printf("idle CPU: %.2f %% of one core with no peer, %.2f %% with %d%n", alone.cpuPercent,
                    connected.cpuPercent, peers);
        } finally {
            if (child != null) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            node.stop();
            ledger.close();
            deleteTree(folder);
        }
    }

    private record Sample(long heap, long direct, long nettyDirect, double cpuPercent) {
        @Override
        public String toString() {
            return String.format("heap in use after GC %.1f MiB, direct %.1f MiB (JDK) / %.1f MiB (Netty), CPU %.2f %% of one core",
                    heap / 1048576.0, direct / 1048576.0, nettyDirect / 1048576.0, cpuPercent);
        }
    }

    /** CPU over {@code seconds} of idleness, then memory after a full GC (so the GC is not in the CPU figure). */
    private static Sample sample(int seconds) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double cpuPercent = 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
        long heap = 0;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new Sample(heap, direct, PlatformDependent.usedDirectMemory(), cpuPercent);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The child JVM: {@code count} engines of the same chain, each dialing only the node (outbound
     * target 1, so they do not dial one another when they learn each other's addresses). They run
     * until the node's JVM destroys this process.
     */
    public static final class Peers {

        private Peers() {
        }

        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[0]);
            int count = Integer.parseInt(args[1]);
            SecureRandom random = new SecureRandom();
            List<PeerNetworkEngine> engines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path folder = Files.createTempDirectory("qenex-peer-cost-peer");
                folder.toFile().deleteOnExit();
                NetworkSettings d = NetworkSettings.defaults("127.0.0.1", 0, List.of(new HostPort("127.0.0.1", port)));
                NetworkSettings settings = new NetworkSettings(d.bindAddress(), 0, d.seeds(), 1, d.inboundLimit(), d.maxFrameBytes(),
                        d.outboundQueueBytes(), d.maxMessagesPerSecond(), d.handshakeTimeout(), d.banDuration(),
                        d.pingInterval(), d.idleTimeout(), 1, "qenex-peer-cost");
                PeerNetworkEngine engine = new PeerNetworkEngine(settings, RelaySettings.defaults(settings.maxFrameBytes()),
                        NetworkKey.loadOrCreate(folder, random), PeerCertificate.generate("peer", random),
                        FixedChain.of(CHAIN, GENESIS), () -> null, folder, random);
                engine.start();
                engines.add(engine);
            }
            System.out.println("peer-cost: " + count + " peers started, dialing port " + port);
            Thread.sleep(Duration.ofHours(1).toMillis());
        }
    }
}
