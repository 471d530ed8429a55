package org.qenex.chain.internal.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.BlockExchange.BlockVerdict;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.production.BlockProducer;
import org.qenex.chain.internal.production.FakePeerNetwork;
import org.qenex.chain.internal.production.ProducerConfiguration;

/**
 * Several validator nodes in one JVM on one fake clock, each a real {@link ChainNode},
 * {@link BlockProducer} and {@link ChainExchange}, wired as a network would wire them: a node's
 * {@link BlockExchange.Listener} hands each block and transaction to the nodes it is linked to, and
 * a block that arrives as an {@link BlockVerdict#ORPHAN} makes the receiver sync from the sender
 * by locator and fork point. Links can be cut (a partition, a node down) and healed (which syncs
 * both ways, as a reconnecting peer does).
 */
final class TestNetwork implements AutoCloseable {

    static final long INTERVAL = 5_000;

    final AtomicLong now = new AtomicLong(TestChain.GENESIS_TIME);
    final List<Node> nodes = new ArrayList<>();
    final ChainParameters params;
    private final boolean[][] linked;

    final class Node {
        final int index;
        final KeyPair key;
        final ChainNode chain;
        final ChainExchange exchange;
        final BlockProducer producer;
        final RecordingIncidentLog incidents = new RecordingIncidentLog();
        boolean up = true;

        Node(int index, KeyPair key, Path dir, ProducerConfiguration config) {
            this.index = index;
            this.key = key;
            this.chain = new ChainNode(params, new MemoryStore(), key, TestChain.VERIFIER, now::get, ChainNode.Limits.DEFAULT);
            chain.open();
            this.exchange = new ChainExchange(chain);
            exchange.setIncidents(incidents);
            this.producer = new BlockProducer(chain, new ManualWorkScheduler(), config, dir.resolve("mining-" + index), now::get);
            // the bootstrap rule's view: peers are the linked nodes that are up, the best peer the highest of them
            producer.bindNetwork(new FakePeerNetwork(() -> peers(this).size(), () -> chain.head().header().height(),
                    () -> peers(this).stream().mapToLong(p -> p.chain.head().header().height()).max().orElse(0)));
            exchange.addListener(new BlockExchange.Listener() {
                @Override
                public void blockConnected(byte[] hash, long height, byte[] encoded) {
                    for (Node peer : peers(Node.this)) {
                        deliver(Node.this, peer, encoded);
                    }
                }

                @Override
                public void transactionAdmitted(byte[] id, byte[] encoded) {
                    for (Node peer : peers(Node.this)) {
                        peer.exchange.admitTransaction(encoded);
                    }
                }
            });
        }

        String head() {
            return chain.head().hashHex();
        }
    }

    TestNetwork(int validators, Path dir) throws IOException {
        this(validators, dir, noMining());
    }

    /** {@code validators} nodes whose producers are configured by {@code config}. */
    TestNetwork(int validators, Path dir, ProducerConfiguration config) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        List<String> hex = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            keys.add(TestChain.key(1 + i));
            hex.add(HexFormat.of().formatHex(keys.get(i).publicKey()));
        }
        this.params = ChainParameters.defaults(TestChain.CHAIN_ID, TestChain.GENESIS_TIME, hex);
        this.linked = new boolean[validators][validators];
        Files.createDirectories(dir);
        for (int i = 0; i < validators; i++) {
            nodes.add(new Node(i, keys.get(i), dir, config));
        }
        link(true, nodes.toArray(new Node[0]));
    }

    Node node(int i) {
        return nodes.get(i);
    }

    /** Links (or cuts) every pair of {@code group}. */
    void link(boolean on, Node... group) {
        for (Node a : group) {
            for (Node b : group) {
                if (a != b) {
                    linked[a.index][b.index] = on;
                }
            }
        }
    }

    /** Cuts {@code away} off from everyone: it goes on alone. */
    void isolate(Node away) {
        for (Node other : nodes) {
            linked[away.index][other.index] = false;
            linked[other.index][away.index] = false;
        }
    }

    /** Links everyone again and lets each pair sync, as peers do when they reconnect. */
    void heal() {
        link(true, nodes.toArray(new Node[0]));
        for (Node a : nodes) {
            for (Node b : nodes) {
                if (a != b && a.up && b.up) {
                    sync(b, a);
                }
            }
        }
        awaitQuiet();
    }

    private synchronized List<Node> peers(Node from) {
        List<Node> peers = new ArrayList<>();
        for (Node to : nodes) {
            if (to != from && linked[from.index][to.index] && to.up) {
                peers.add(to);
            }
        }
        return peers;
    }

    private void deliver(Node from, Node to, byte[] encoded) {
        if (to.exchange.importBlock(encoded).verdict() == BlockVerdict.ORPHAN) {
            sync(to, from);
        }
    }

    /** {@code to} fetches what {@code from}'s main chain has past their fork point, as a sync would. */
    void sync(Node to, Node from) {
        long fork = from.exchange.forkPoint(to.exchange.locator());
        for (byte[] hash : from.exchange.mainChainHashes(fork + 1, 10_000)) {
            BlockVerdict verdict = to.exchange.importBlock(from.exchange.block(hash).orElseThrow()).verdict();
            if (verdict == BlockVerdict.TOO_DEEP || verdict == BlockVerdict.INVALID) {
                return;
            }
        }
    }

    /** Moves the clock by {@code millis}, lets every running validator look whether it is its turn, and waits for gossip to settle. */
    void tick(long millis) {
        now.addAndGet(millis);
        for (Node n : nodes) {
            if (n.up) {
                n.producer.produceIfDue();
            }
        }
        awaitQuiet();
    }

    /** Runs {@code slots} block intervals in steps of a tenth of a grace. */
    void run(int slots) {
        long step = INTERVAL / nodes.size() / 10;
        for (long t = 0; t < slots * INTERVAL; t += step) {
            tick(step);
        }
    }

    /** Waits until every relay handed out everything (a delivery's own blocks are queued before its sender's counts down). */
    void awaitQuiet() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int quietChecks = 0;
        while (quietChecks < 2) {
            boolean quiet = nodes.stream().allMatch(n -> n.exchange.relayIdle());
            quietChecks = quiet ? quietChecks + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gossip did not settle in 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.exchange.close());
    }

    /** No improvement search, and a block at every turn: these networks' tests are about turns, not idle chains. */
    static ProducerConfiguration noMining() {
        return TestChain.configuration(ProducerConfiguration.class, Map.of("emptyBlockSeconds", 0));
    }
}
