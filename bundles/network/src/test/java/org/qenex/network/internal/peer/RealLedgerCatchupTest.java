package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.exchange.ChainExchange;
import org.qenex.network.internal.wire.HostPort;

/**
 * The catch-up with the chain's real ledger behind the engine (not {@link FakeLedger}): a fresh
 * node syncs 510 blocks of a transfer each (more than one 500-hash listing) from two peers serving the
 * same chain, every block through {@code ChainExchange.importBlock} and its full validation, and
 * ends on the same head, nobody banned. What {@link CatchupBench} times at 10,000 blocks; no timing
 * here.
 */
public class RealLedgerCatchupTest {

    private final List<Path> folders = new ArrayList<>();
    private final List<PeerNetworkEngine> engines = new ArrayList<>();
    private final List<ChainExchange> exchanges = new ArrayList<>();

    @After
    public void stop() throws Exception {
        engines.forEach(PeerNetworkEngine::stop);
        exchanges.forEach(ChainExchange::close);
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void aFreshNodeCatchesUpARealChainFromTwoPeers() throws Exception {
        ChainNode producer = CatchupBench.memoryNode(new long[] {org.qenex.chain.internal.TestChain.GENESIS_TIME});
        List<byte[]> blocks = new ArrayList<>(CatchupBench.fund(producer));
        blocks.addAll(CatchupBench.transfers(producer, 510, 1));
        ChainNode copy = CatchupBench.memoryNode(new long[] {Long.MAX_VALUE / 2});
        for (byte[] b : blocks) {
            copy.importBlock(b);
        }
        assertEquals(producer.headHash(), copy.headHash());

        List<HostPort> seeds = new ArrayList<>();
        for (ChainNode server : List.of(producer, copy)) {
            PeerNetworkEngine engine = serve(server, List.of());
            seeds.add(new HostPort("127.0.0.1", engine.boundPort()));
        }
        ChainNode fresh = CatchupBench.memoryNode(new long[] {Long.MAX_VALUE / 2});
        PeerNetworkEngine syncing = serve(fresh, seeds);

        // generous: the machine may be loaded; the figure is CatchupBench's job
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!fresh.headHash().equals(producer.headHash()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("caught up to the producer's head", producer.headHash(), fresh.headHash());
        assertEquals(producer.height(), fresh.height());
        assertEquals(2, syncing.peers().size());
        for (PeerNetworkEngine engine : engines) {
            assertTrue("no one banned: " + engine.bans(), engine.bans().isEmpty());
        }
    }

    private PeerNetworkEngine serve(ChainNode chain, List<HostPort> seeds) throws Exception {
        ChainExchange exchange = new ChainExchange(chain);
        exchanges.add(exchange);
        PeerNetworkEngine engine = CatchupBench.engine(folders, chain, exchange, seeds);
        exchange.addListener(engine.listener());
        engines.add(engine);
        return engine;
    }
}
