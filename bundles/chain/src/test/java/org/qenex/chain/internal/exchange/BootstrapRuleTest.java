package org.qenex.chain.internal.exchange;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.exchange.TestNetwork.Node;
import org.qenex.chain.internal.production.BlockProducer;
import org.qenex.chain.internal.production.FakePeerNetwork;

/**
 * The bootstrap rule of a genesis with several validators: a validator produces only once it has
 * had a peer and is in sync, so validators booted apart do not each build a branch alone; once it
 * had a peer it goes on without one; a sole validator produces at once, network or not.
 */
public class BootstrapRuleTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private TestNetwork net;

    @After
    public void close() {
        if (net != null) {
            net.close();
        }
    }

    private static long height(Node n) {
        return n.chain.head().header().height();
    }

    @Test
    public void validatorsBootedApartWaitForAPeerThenTakeTurnsOnOneChain() throws Exception {
        net = new TestNetwork(3, folder.newFolder().toPath());
        Node a = net.node(0);
        Node b = net.node(1);
        Node c = net.node(2);
        for (Node n : net.nodes) {
            net.isolate(n);
        }
        net.run(6);
        for (Node n : net.nodes) {
            assertEquals("alone, node " + n.index + " fills no slot", 0, height(n));
            assertTrue(n.producer.status().waiting(), n.producer.status().waiting().contains("first peer"));
        }

        net.link(true, a, b);
        net.run(4);
        assertTrue("A and B take turns (and fill C's slots)", height(a) >= 3);
        assertEquals(a.head(), b.head());
        assertEquals("", a.producer.status().waiting());
        assertEquals("C, still alone, waits", 0, height(c));

        net.heal();
        net.run(4);
        assertEquals(a.head(), c.head());
        assertEquals(a.head(), b.head());
        assertEquals("", c.producer.status().waiting());
        assertTrue("C produces its turns once connected and in sync", c.producer.status().blocksProduced() > 0);
    }

    @Test
    public void aValidatorThatHadAPeerGoesOnWhenItLosesIt() throws Exception {
        net = new TestNetwork(3, folder.newFolder().toPath());
        Node c = net.node(2);
        net.run(2);
        long before = height(c);
        net.isolate(c);
        net.run(3);
        assertTrue("a partition does not stop the chain", height(c) > before);
    }

    @Test
    public void aValidatorBehindItsBestPeerWaitsUntilCaughtUp() throws Exception {
        net = new TestNetwork(3, folder.newFolder().toPath());
        Node a = net.node(0);
        net.isolate(a);
        AtomicLong best = new AtomicLong(FakePeerNetwork.MAX_BEHIND + 5);
        a.producer.bindNetwork(new FakePeerNetwork(() -> 1, () -> height(a), best::get));
        net.run(3);
        assertEquals("15 blocks behind, A produces nothing", 0, height(a));
        assertTrue(a.producer.status().waiting(), a.producer.status().waiting().contains("catch up"));

        best.set(FakePeerNetwork.MAX_BEHIND);
        net.run(2);
        assertTrue("within maxBlocksBehind it is in sync and produces", height(a) > 0);
        assertEquals("", a.producer.status().waiting());
    }

    @Test
    public void severalValidatorsWithoutANetworkWaitAndASoleValidatorProducesAtOnce() throws Exception {
        net = new TestNetwork(3, folder.newFolder().toPath());
        Node a = net.node(0);
        FakePeerNetwork bound = new FakePeerNetwork(() -> 1, () -> 0, () -> 0);
        a.producer.bindNetwork(bound);
        a.producer.unbindNetwork(bound);
        net.isolate(a);
        net.run(3);
        assertEquals(0, height(a));
        assertTrue(a.producer.status().waiting(), a.producer.status().waiting().contains("waiting for the network"));

        TestChain.Clock clock = new TestChain.Clock();
        BlockProducer sole = new BlockProducer(TestChain.node(new MemoryStore(), clock), new ManualWorkScheduler(),
                TestNetwork.noMining(), folder.newFolder().toPath().resolve("mining"), clock::now);
        clock.advance(TestChain.params().blockIntervalMillis());
        sole.produceIfDue();
        assertEquals("the default single-validator genesis needs no network", 1, sole.status().blocksProduced());
        assertEquals("", sole.status().waiting());
    }
}
