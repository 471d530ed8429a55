package org.qenex.chain.internal.production;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.node.NodeContext;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobState;
import org.qenex.api.work.testing.ManualWorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The producer component without a container: a scheduler that runs jobs when told, an improver that hands out proofs. */
public class BlockProducerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final KeyPair alice = TestChain.key(10);

    /** The producer's one look per slot, each planned by the last. */
    private static final String LOOK = "chain-block-producer";

    /** The producer's next look, planned last. */
    private static JobHandle look(ManualWorkScheduler scheduler) {
        return scheduler.last(LOOK);
    }

    private static Duration nextLookIn(ManualWorkScheduler scheduler) {
        return scheduler.initialDelay(look(scheduler));
    }

    private static long looksPlanned(ManualWorkScheduler scheduler) {
        return scheduler.names().stream().filter(LOOK::equals).count();
    }

    static final class Improver implements ImprovementSource {
        final List<ImprovementProof> proofs = new ArrayList<>();
        final List<String> requested = new ArrayList<>();

        @Override
        public List<ImprovementProof> acceptedProofs() {
            return proofs;
        }

        @Override
        public void requestWork(String contributor) {
            requested.add(contributor);
        }
    }

    private static ProducerConfiguration config() {
        return new ProducerConfiguration() {
            public Class<? extends Annotation> annotationType() {
                return ProducerConfiguration.class;
            }

            public boolean autoStart() {
                return false;
            }

            public String contributor() {
                return "";
            }

            // a block at every turn: these tests are about turns, not about an idle chain
            public int emptyBlockSeconds() {
                return 0;
            }
        };
    }

    @Test
    public void anIdleValidatorMakesAnEmptyBlockOnlyOnceItsHeadIsAMinuteOldAndNothingWaitsForIt() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), TestChain.VERIFIER,
                clock::now, ChainNode.Limits.DEFAULT);
        node.open();
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        Improver improver = new Improver();
        BlockProducer producer = new BlockProducer(node, scheduler, TestChain.configuration(ProducerConfiguration.class, Map.of()),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);
        bindImprover(producer, improver);

        scheduler.run(look(scheduler));
        assertEquals("a turn with nothing to include and a young head makes no block", 0, node.head().height());
        assertEquals("the next look comes at the next turn", Duration.ofMillis(5_000), nextLookIn(scheduler));
        clock.advance(TestChain.GENESIS_TIME + 60_000 - clock.now());
        scheduler.run(look(scheduler));
        assertEquals("the head a minute old (the default emptyBlockSeconds): an empty block", 1, node.head().height());
        assertEquals(0, node.head().transactions().size());
        assertEquals("nor in the minute after it", 0, nextTurnsBlocks(clock, scheduler, node, 5));

        // a proof makes a block at the turn after its verification, and its block is final at the interval's pace
        improver.proofs.add(TestChain.proof(alice, 10_000, "one"));
        assertEquals("a proof still being verified is nothing to include", 0, nextTurnsBlocks(clock, scheduler, node, 1));
        assertEquals(1, scheduler.runAll("chain-verify-proof"));
        assertEquals(1, nextTurnsBlocks(clock, scheduler, node, 1));
        long minting = node.head().height();
        assertEquals(1, node.head().mints().size());
        assertEquals("empty blocks at every turn until finalityDepth (6) blocks follow it", 6,
                nextTurnsBlocks(clock, scheduler, node, 10));
        assertEquals(minting + 6, node.head().height());

        // a transfer goes into the next turn's block
        KeyPair bob = TestChain.key(11);
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 1_000_000, node.parameters().minFee(), 0)
                .encoded());
        assertEquals(1, nextTurnsBlocks(clock, scheduler, node, 1));
        assertEquals(1, node.head().transactions().size());
        assertEquals("then six to make it final, and nothing more", 6, nextTurnsBlocks(clock, scheduler, node, 11));
        assertEquals(0, nextTurnsBlocks(clock, scheduler, node, 6));
        assertEquals("a block again once the head is a minute old", 1, nextTurnsBlocks(clock, scheduler, node, 1));
        assertEquals(0, node.head().transactions().size());
        assertEquals("no look between turns", JobState.SCHEDULED, look(scheduler).state());
        assertEquals(Duration.ofMillis(5_000), nextLookIn(scheduler));
    }

    @Test
    public void aFailingImprovementSourceCostsItsProofsNotTheBlocks() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        BlockProducer producer = new BlockProducer(node, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);
        ImprovementSource broken = new ImprovementSource() {
            @Override
            public List<ImprovementProof> acceptedProofs() {
                throw new IllegalStateException("a plugin's bug");
            }

            @Override
            public void requestWork(String contributor) {
            }
        };
        bindImprover(producer, broken);

        scheduler.run(look(scheduler));
        assertEquals("the block is made without proofs", 1, node.head().height());
        assertTrue(producer.status().lastError(), producer.status().lastError().contains("a plugin's bug"));
        clock.advance(5_000);
        scheduler.run(look(scheduler));
        assertEquals(2, node.head().height());

        bindImprover(producer, new Improver());
        clock.advance(5_000);
        scheduler.run(look(scheduler));
        assertEquals(3, node.head().height());
        assertEquals("a source that answers again clears the error", "", producer.status().lastError());
    }

    /** Binds {@code source} as SCR would bind the optional, dynamic improvement source. */
    private static void bindImprover(BlockProducer producer, ImprovementSource source) throws ReflectiveOperationException {
        java.lang.reflect.Field field = BlockProducer.class.getDeclaredField("improver");
        field.setAccessible(true);
        field.set(producer, source);
    }

    /** Runs the producer's look at each of the next {@code turns} turns (a sole validator's: every slot) and answers the blocks made. */
    private static long nextTurnsBlocks(TestChain.Clock clock, ManualWorkScheduler scheduler, ChainNode node, int turns) {
        long before = node.head().height();
        for (int i = 0; i < turns; i++) {
            clock.advance(5_000);
            scheduler.run(look(scheduler));
        }
        return node.head().height() - before;
    }

    @Test
    public void aValidatorProducesItsTurnsWithoutBeingStartedAndCarriesProofs() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        Improver improver = new Improver();
        BlockProducer producer = new BlockProducer(node, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);
        bindImprover(producer, improver);

        assertFalse("mining (the improver's search) is off", producer.status().running());
        assertTrue(producer.status().validator());
        assertEquals("production's first look, started by no one, a tenth of a slot after activation", Duration.ofMillis(500),
                nextLookIn(scheduler));

        improver.proofs.add(TestChain.proof(alice, 10_000, "one"));
        improver.proofs.add(TestChain.proof(alice, 10_000, TestChain.UNVERIFIED));
        JobHandle first = look(scheduler);
        scheduler.run(first);
        assertEquals("a proof waits for its verification, a block does not", 0, producer.status().proofsRewarded());
        assertEquals(1, node.head().height());
        assertEquals("a look runs once", JobState.CANCELLED, first.state());
        assertEquals("the next look is planned at the next slot's start, not a tick later", Duration.ofMillis(5_000),
                nextLookIn(scheduler));
        clock.advance(1_200);
        scheduler.run(look(scheduler));
        assertEquals("the slot has its block: no second one", 1, node.head().height());
        assertEquals("a look before the turn sleeps until it", Duration.ofMillis(3_800), nextLookIn(scheduler));
        assertEquals("the proofs' verifications", 2, scheduler.runAll("chain-verify-proof"));
        clock.advance(3_800);
        scheduler.run(look(scheduler));
        MiningStatus s = producer.status();
        assertEquals(2, s.blocksProduced());
        assertEquals("the unverified proof is not carried, the rewarded one not twice", 1, s.proofsRewarded());
        assertEquals(50 * Qxc.UNITS_PER_QXC, s.unitsMinted());
        assertEquals(2, node.head().height());

        MiningStatus started = producer.start(alice.address());
        assertTrue(started.running());
        assertEquals(List.of(alice.address()), improver.requested);
        assertFalse(producer.stop().running());
        assertEquals("stopping mining does not stop production", JobState.SCHEDULED, look(scheduler).state());
        assertEquals("one look per run, each planned by the last: no periodic tick", 4, looksPlanned(scheduler));
    }

    @Test
    public void aTurnThatPassedBetweenTheLookAndTheBlockIsNoError() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        List<ChainError> races = new ArrayList<>(List.of(ChainError.SLOT_TAKEN, ChainError.OUT_OF_TURN_TOO_EARLY));
        // the node's own production refuses its block: what happens when a peer's block took the slot, or the
        // wait for the chain's lock carried the block into a slot where this node is later in turn
        Ledger racing = (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("produceBlock") && !races.isEmpty()) {
                        ChainError error = races.remove(0);
                        throw new ChainException(error, error.code() + " (raced)");
                    }
                    try {
                        return method.invoke(node, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        BlockProducer producer = new BlockProducer(racing, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);

        scheduler.run(look(scheduler));
        assertEquals("a taken slot leaves no error behind", "", producer.status().lastError());
        scheduler.run(look(scheduler));
        assertEquals("nor does a turn that moved on", "", producer.status().lastError());
        assertEquals(0, node.head().height());
        scheduler.run(look(scheduler));
        assertEquals("the next look makes the block", 1, node.head().height());

        races.add(ChainError.BAD_SIGNATURE);
        clock.advance(5_000);
        scheduler.run(look(scheduler));
        assertTrue("any other refusal is reported: " + producer.status().lastError(),
                producer.status().lastError().contains("bad_signature"));
    }

    @Test
    public void aFollowerProducesNothing() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        // the same chain, seen by a node whose key is not a validator
        ChainNode follower = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.key(42), TestChain.VERIFIER,
                clock::now, ChainNode.Limits.DEFAULT);
        follower.open();
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        BlockProducer producer = new BlockProducer(follower, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);
        assertFalse(producer.status().validator());
        assertEquals("no production job", List.of(), scheduler.jobs());
        producer.produceIfDue();
        assertEquals(0, follower.head().height());
    }

    @Test
    public void miningStaysOnAcrossAnUpdateUntilStopped() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        // the chain's data folder, where the component remembers that mining is on
        NodeContext chainFolder = FixedNodeContext.in(folder.getRoot().toPath().resolve("chain"));
        ManualWorkScheduler first = new ManualWorkScheduler();
        BlockProducer before = new BlockProducer(node, first, chainFolder, config());
        before.start(alice.address());
        assertTrue(Files.isRegularFile(chainFolder.dataFolder().resolve("mining")));
        java.lang.reflect.Method deactivate = BlockProducer.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(before);
        assertEquals("the production job ends with the bundle", JobState.CANCELLED, look(first).state());

        ManualWorkScheduler second = new ManualWorkScheduler();
        BlockProducer after = new BlockProducer(node, second, chainFolder, config());
        assertTrue("a new instance resumes", after.status().running());
        assertEquals(alice.address(), after.status().contributor());
        assertEquals("and produces", 1, looksPlanned(second));

        after.stop();
        assertFalse(Files.exists(chainFolder.dataFolder().resolve("mining")));
        BlockProducer third = new BlockProducer(node, new ManualWorkScheduler(), chainFolder, config());
        assertFalse("stopped stays stopped", third.status().running());
    }
}
