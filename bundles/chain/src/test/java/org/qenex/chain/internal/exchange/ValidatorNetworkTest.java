package org.qenex.chain.internal.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ProposerSchedule;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.exchange.TestNetwork.Node;
import org.qenex.chain.internal.production.ProducerConfiguration;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Three validators taking turns, exchanging blocks and transactions only through
 * {@link org.qenex.api.chain.BlockExchange} ({@link TestNetwork}), on a fake clock: they converge,
 * go on out of turn with one down, settle a partition on the heavier branch (and confirm the
 * transactions of the blocks it dropped), and refuse a branch deeper than finality.
 */
public class ValidatorNetworkTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private TestNetwork net;

    @After
    public void close() {
        if (net != null) {
            net.close();
        }
    }

    private TestNetwork network() throws Exception {
        net = new TestNetwork(3, folder.newFolder().toPath());
        return net;
    }

    /** A mint for alice in the next slot, by its in-turn validator, so that she has coins to send. */
    private void fundAlice() throws Exception {
        ProposerSchedule schedule = new ProposerSchedule(net.params);
        long slot = schedule.slot(net.now.get()) + 1;
        net.now.set(schedule.slotStart(slot));
        Node inTurn = net.nodes.stream().filter(n -> schedule.rank(n.key.publicKey(), slot) == 0).findFirst().orElseThrow();
        inTurn.chain.produceBlock(List.of(TestChain.proof(alice, 10_000, "funding")));
        net.awaitQuiet();
    }

    private Transaction pay(long amount, long nonce) {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), amount, 1_000, nonce);
    }

    private void assertConverged(Node... nodes) {
        for (Node n : nodes) {
            assertEquals("head of node " + n.index, nodes[0].head(), n.head());
            assertArrayEquals("state of node " + n.index, nodes[0].chain.chain().stateCommitment(), n.chain.chain().stateCommitment());
            assertTrue(n.chain.verify().ok());
        }
    }

    @Test
    public void idleValidatorsLeaveTheirSlotsEmptyButConfirmATransferInTheNextSlotAndMakeItFinal() throws Exception {
        // the shipped producer configuration: an empty block once the head is a minute old
        net = new TestNetwork(3, folder.newFolder().toPath(), TestChain.configuration(ProducerConfiguration.class, Map.of()));
        net.run(11);
        assertEquals("55 s with nothing to include: no validator fills a slot, in turn or not", 0, net.node(0).chain.head().height());
        net.run(2);
        assertEquals("the head a minute old: one empty block", 1, net.node(0).chain.head().height());

        fundAlice();
        long funded = net.node(0).chain.head().height();
        Transaction tx = pay(3 * Qxc.UNITS_PER_QXC, 0);
        net.node(2).chain.submit(tx.encoded());
        net.awaitQuiet();
        net.run(1);
        for (Node n : net.nodes) {
            assertEquals("confirmed in the next slot on node " + n.index, funded + 1,
                    n.chain.transaction(tx.id()).orElseThrow().blockHeight());
        }
        net.run(12);
        long height = net.node(0).chain.head().height();
        assertEquals("six empty blocks make the transfer final, then the validators idle again", funded + 1 + 6, height);
        assertConverged(net.nodes.toArray(new Node[0]));
        ProposerSchedule schedule = new ProposerSchedule(net.params);
        for (long h = 1; h <= height; h++) {
            Block b = net.node(0).chain.blockAt(h).orElseThrow();
            assertEquals("block " + h + " is in turn: a slot left empty was not filled by the next rank",
                    ProposerSchedule.IN_TURN_WEIGHT, schedule.weight(b.header()));
        }
    }

    @Test
    public void threeValidatorsTakeTurnsAndConfirmATransferEverywhere() throws Exception {
        network();
        fundAlice();
        Node a = net.node(0);
        Transaction tx = pay(3 * Qxc.UNITS_PER_QXC, 0);
        a.chain.submit(tx.encoded());
        net.awaitQuiet();
        assertTrue("gossiped to c before any block", net.node(2).chain.isPending(tx.id()));

        net.run(2);
        assertConverged(net.nodes.toArray(new Node[0]));
        for (Node n : net.nodes) {
            assertTrue("confirmed on node " + n.index, n.chain.transaction(tx.id()).isPresent());
            assertEquals(3 * Qxc.UNITS_PER_QXC, n.chain.account(bob.account()).balance());
        }

        net.run(6);
        ProposerSchedule schedule = new ProposerSchedule(net.params);
        long height = a.chain.head().height();
        assertTrue("about one block a slot: " + height, height >= 8);
        for (long h = 1; h <= height; h++) {
            Block b = a.chain.blockAt(h).orElseThrow();
            assertEquals("all up: block " + h + " is in turn", ProposerSchedule.IN_TURN_WEIGHT, schedule.weight(b.header()));
        }
        assertConverged(net.nodes.toArray(new Node[0]));
    }

    @Test
    public void withOneValidatorDownTheOthersFillItsSlotsOutOfTurnAndItCatchesUp() throws Exception {
        network();
        Node c = net.node(2);
        c.up = false;
        net.isolate(c);
        long start = net.now.get();
        net.run(9);

        ProposerSchedule schedule = new ProposerSchedule(net.params);
        Node a = net.node(0);
        long height = a.chain.head().height();
        assertTrue("the chain went on: " + height + " blocks in 9 slots", height >= 8);
        int outOfTurn = 0;
        for (long h = 1; h <= height; h++) {
            Block b = a.chain.blockAt(h).orElseThrow();
            long slot = schedule.slot(b.header().timestampMillis());
            int rank = schedule.rank(b.header().producerKey(), slot);
            assertFalse("c made nothing", Arrays.equals(c.key.publicKey(), b.header().producerKey()));
            if (rank > 0) {
                outOfTurn++;
                assertTrue("out of turn only after its grace",
                        b.header().timestampMillis() >= schedule.slotStart(slot) + rank * schedule.graceMillis());
            }
        }
        assertTrue("c's slots were filled out of turn: " + outOfTurn, outOfTurn >= 2);
        assertTrue(a.chain.head().header().timestampMillis() > start);
        assertConverged(a, net.node(1));

        c.up = true;
        net.heal();
        net.run(1);
        assertConverged(net.nodes.toArray(new Node[0]));
    }

    @Test
    public void aHealedPartitionSettlesOnTheHeavierBranchAndConfirmsTheDroppedTransactions() throws Exception {
        network();
        fundAlice();
        net.run(1);
        Node a = net.node(0);
        Node b = net.node(1);
        Node c = net.node(2);
        Block common = a.chain.head();

        net.isolate(c);
        Transaction onC = pay(Qxc.UNITS_PER_QXC, 0);
        c.chain.submit(onC.encoded());
        net.run(4);
        assertTrue("c confirmed the transfer on its side", c.chain.transaction(onC.id()).isPresent());
        assertFalse("a never heard of it", a.chain.transaction(onC.id()).isPresent() || a.chain.isPending(onC.id()));
        assertNotEquals(a.head(), c.head());

        ProposerSchedule schedule = new ProposerSchedule(net.params);
        long majority = weightAbove(a, common, schedule);
        long alone = weightAbove(c, common, schedule);
        assertTrue("two validators outweigh one: " + majority + " vs " + alone, majority > alone);

        net.heal();
        assertConverged(a, b, c);
        assertTrue("the transfer of c's dropped blocks waits again", c.chain.isPending(onC.id())
                || c.chain.transaction(onC.id()).isPresent());
        // and is announced again like a new admission: a and b, which never saw it, hold it too,
        // so whoever produces next confirms it, not only c in its own turn
        for (Node n : List.of(a, b)) {
            assertTrue("node " + n.index + " got the dropped transfer", n.chain.isPending(onC.id())
                    || n.chain.transaction(onC.id()).isPresent());
        }
        net.run(3);
        assertConverged(a, b, c);
        for (Node n : net.nodes) {
            assertTrue("confirmed on node " + n.index + " after the heal", n.chain.transaction(onC.id()).isPresent());
        }
        assertTrue("nothing deep was refused", c.incidents.reported().isEmpty());
    }

    @Test
    public void aBranchDeeperThanFinalityIsRefusedAndReportedOnce() throws Exception {
        network();
        net.run(1);
        Node a = net.node(0);
        Node c = net.node(2);
        net.isolate(c);
        net.run(net.params.finalityDepth() + 3);
        String cHead = c.head();

        net.heal();
        net.heal();
        assertEquals("c keeps its final blocks", cHead, c.head());
        assertNotEquals(a.head(), c.head());
        assertEquals("reported once, though offered twice", 1, c.incidents.reported().size());
        assertTrue(c.incidents.reported().get(0).cause().contains("refused a branch"));
    }

    private static long weightAbove(Node n, Block fork, ProposerSchedule schedule) {
        long weight = 0;
        for (long h = fork.height() + 1; h <= n.chain.head().height(); h++) {
            weight += schedule.weight(n.chain.blockAt(h).orElseThrow().header());
        }
        return weight;
    }
}
