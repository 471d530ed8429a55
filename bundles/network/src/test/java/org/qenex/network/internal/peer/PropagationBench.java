package org.qenex.network.internal.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.qenex.api.chain.BlockExchange;
import org.qenex.network.internal.wire.Hash;

/**
 * Not a unit test: a measurement. Three engines in a line A - B - C on loopback (real Netty, TLS,
 * frames, relay; in-memory ledgers, so ledger validation costs nothing here), transactions
 * submitted at A at a fixed rate, a block produced at A every second; prints the time from a
 * block's connection at A to its connection at C (two hops) and how many transactions reached C.
 *
 * <pre>
 * cd bundles/network &amp;&amp; mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test \
 *   &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.qenex.network.internal.peer.PropagationBench 1000 30
 * </pre>
 */
public final class PropagationBench {

    private PropagationBench() {
    }

    public static void main(String[] args) throws Throwable {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        TestNodes nodes = new TestNodes();
        Map<Hash, Long> producedAt = new ConcurrentHashMap<>();
        List<Long> delays = Collections.synchronizedList(new ArrayList<>());
        nodes.before(); // what a @Rule would run: the nodes' data folders
        try {
            FakeLedger la = new FakeLedger();
            FakeLedger lb = new FakeLedger();
            FakeLedger lc = new FakeLedger();
            // the node's default request timeout, 10 s
            Duration timeout = Duration.ofSeconds(10);
            PeerNetworkEngine a = nodes.startWithLedger(la, 0, timeout);
            PeerNetworkEngine b = nodes.startWithLedger(lb, 1, timeout, TestNodes.address(a));
            TestNodes.await(() -> a.peers().size() == 1);
            PeerNetworkEngine c = nodes.startWithLedger(lc, 1, timeout, TestNodes.address(b));
            TestNodes.await(() -> c.peers().size() == 1);
            la.listen(new Listening(producedAt, null));
            lc.listen(new Listening(producedAt, delays));

            List<Hash> sent = new ArrayList<>();
            long start = System.nanoTime();
            long nextBlock = start + TimeUnit.SECONDS.toNanos(1);
            long total = (long) rate * seconds;
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                sent.add(la.submit(FakeLedger.transaction(true)));
                if (now >= nextBlock) {
                    la.produce(1);
                    nextBlock += TimeUnit.SECONDS.toNanos(1);
                }
            }
            TestNodes.await(() -> sent.stream().allMatch(id -> lc.knowsTransaction(id.bytes())));
            long arrived = sent.stream().filter(id -> lc.knowsTransaction(id.bytes())).count();
            List<Long> sorted = new ArrayList<>(delays);
            Collections.sort(sorted);
            System.out.printf("transactions: %d submitted at A at %d/s, %d reached C%n", sent.size(), rate, arrived);
            if (!sorted.isEmpty()) {
                System.out.printf("block A -> C (2 hops): %d blocks, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", sorted.size(),
                        sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1e6,
                        sorted.get(sorted.size() - 1) / 1e6);
            }
        } finally {
            nodes.after();
        }
    }

    private record Listening(Map<Hash, Long> producedAt, List<Long> delays) implements BlockExchange.Listener {
        @Override
        public void blockConnected(byte[] hash, long height, byte[] encoded) {
            if (delays == null) {
                producedAt.put(Hash.of(hash), System.nanoTime());
            } else {
                Long at = producedAt.get(Hash.of(hash));
                if (at != null) {
                    delays.add(System.nanoTime() - at);
                }
            }
        }

        @Override
        public void transactionAdmitted(byte[] id, byte[] encoded) {
            // counted through the ledger
        }
    }
}
