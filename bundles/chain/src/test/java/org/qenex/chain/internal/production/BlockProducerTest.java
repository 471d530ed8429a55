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
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementSource;
import org.qenex.api.node.NodeContext;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.api.work.WorkScheduler;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.crypto.KeyPair;

/** The producer component without a container: a scheduler that runs jobs when told, an improver that hands out proofs. */
public class BlockProducerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final KeyPair alice = TestChain.key(10);

    /** Runs jobs when told; keeps every delayed job planned (the producer's looks) in order. */
    static final class ManualScheduler implements WorkScheduler {
        final List<Planned> jobs = new ArrayList<>();
        final List<Runnable> oneOffs = new ArrayList<>();

        static final class Planned implements JobHandle {
            final String name;
            final JobPriority priority;
            final Duration delay;
            final Runnable work;
            boolean cancelled;

            Planned(String name, JobPriority priority, Duration delay, Runnable work) {
                this.name = name;
                this.priority = priority;
                this.delay = delay;
                this.work = work;
            }

            void run() {
                work.run();
            }

            public String name() {
                return name;
            }

            public JobPriority priority() {
                return priority;
            }

            public JobState state() {
                return cancelled ? JobState.CANCELLED : JobState.SCHEDULED;
            }

            public long runs() {
                return 0;
            }

            public Optional<String> lastError() {
                return Optional.empty();
            }

            public boolean cancel() {
                cancelled = true;
                return true;
            }
        }

        @Override
        public JobHandle submit(String name, JobPriority priority, Runnable work) {
            oneOffs.add(work);
            return new Planned(name, priority, Duration.ZERO, work);
        }

        void runOneOffs() {
            List<Runnable> due = new ArrayList<>(oneOffs);
            oneOffs.clear();
            due.forEach(Runnable::run);
        }

        @Override
        public JobHandle schedule(String name, JobPriority priority, Duration initialDelay, Duration period, Runnable work) {
            Planned planned = new Planned(name, priority, initialDelay, work);
            jobs.add(planned);
            return planned;
        }

        /** The job planned last (the producer's next look). */
        Planned latest() {
            return jobs.get(jobs.size() - 1);
        }

        @Override
        public List<JobHandle> jobs() {
            return List.copyOf(jobs);
        }
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
        };
    }

    @Test
    public void aValidatorProducesItsTurnsWithoutBeingStartedAndCarriesProofs() throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ManualScheduler scheduler = new ManualScheduler();
        Improver improver = new Improver();
        BlockProducer producer = new BlockProducer(node, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);
        java.lang.reflect.Field field = BlockProducer.class.getDeclaredField("improver");
        field.setAccessible(true);
        field.set(producer, improver);

        assertFalse("mining (the improver's search) is off", producer.status().running());
        assertTrue(producer.status().validator());
        assertEquals("production's first look, started by no one, a tenth of a slot after activation", Duration.ofMillis(500),
                scheduler.latest().delay);

        improver.proofs.add(TestChain.proof(alice, 10_000, "one"));
        improver.proofs.add(TestChain.proof(alice, 10_000, TestChain.UNVERIFIED));
        ManualScheduler.Planned first = scheduler.latest();
        first.run();
        assertEquals("a proof waits for its verification, a block does not", 0, producer.status().proofsRewarded());
        assertEquals(1, node.head().height());
        assertTrue("a look runs once", first.cancelled);
        assertEquals("the next look is planned at the next slot's start, not a tick later", Duration.ofMillis(5_000),
                scheduler.latest().delay);
        clock.advance(1_200);
        scheduler.latest().run();
        assertEquals("the slot has its block: no second one", 1, node.head().height());
        assertEquals("a look before the turn sleeps until it", Duration.ofMillis(3_800), scheduler.latest().delay);
        assertEquals(2, scheduler.oneOffs.size());
        scheduler.runOneOffs();
        clock.advance(3_800);
        scheduler.latest().run();
        MiningStatus s = producer.status();
        assertEquals(2, s.blocksProduced());
        assertEquals("the unverified proof is not carried, the rewarded one not twice", 1, s.proofsRewarded());
        assertEquals(50 * Qxc.UNITS_PER_QXC, s.unitsMinted());
        assertEquals(2, node.head().height());

        MiningStatus started = producer.start(alice.address());
        assertTrue(started.running());
        assertEquals(List.of(alice.address()), improver.requested);
        assertFalse(producer.stop().running());
        assertFalse("stopping mining does not stop production", scheduler.latest().cancelled);
        assertEquals("one look per run, each planned by the last: no periodic tick", 4, scheduler.jobs.size());
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
        ManualScheduler scheduler = new ManualScheduler();
        BlockProducer producer = new BlockProducer(racing, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);

        scheduler.latest().run();
        assertEquals("a taken slot leaves no error behind", "", producer.status().lastError());
        scheduler.latest().run();
        assertEquals("nor does a turn that moved on", "", producer.status().lastError());
        assertEquals(0, node.head().height());
        scheduler.latest().run();
        assertEquals("the next look makes the block", 1, node.head().height());

        races.add(ChainError.BAD_SIGNATURE);
        clock.advance(5_000);
        scheduler.latest().run();
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
        ManualScheduler scheduler = new ManualScheduler();
        BlockProducer producer = new BlockProducer(follower, scheduler, config(),
                new MiningSwitch(folder.getRoot().toPath().resolve("mining")), clock::now);
        assertFalse(producer.status().validator());
        assertTrue("no production job", scheduler.jobs.isEmpty());
        producer.produceIfDue();
        assertEquals(0, follower.head().height());
    }

    @Test
    public void miningStaysOnAcrossAnUpdateUntilStopped() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        // the chain's data folder, where the component remembers that mining is on
        NodeContext chainFolder = FixedNodeContext.in(folder.getRoot().toPath().resolve("chain"));
        ManualScheduler first = new ManualScheduler();
        BlockProducer before = new BlockProducer(node, first, chainFolder, config());
        before.start(alice.address());
        assertTrue(Files.isRegularFile(chainFolder.dataFolder().resolve("mining")));
        java.lang.reflect.Method deactivate = BlockProducer.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(before);
        assertTrue("the production job ends with the bundle", first.latest().cancelled);

        ManualScheduler second = new ManualScheduler();
        BlockProducer after = new BlockProducer(node, second, chainFolder, config());
        assertTrue("a new instance resumes", after.status().running());
        assertEquals(alice.address(), after.status().contributor());
        assertEquals("and produces", 1, second.jobs.size());

        after.stop();
        assertFalse(Files.exists(chainFolder.dataFolder().resolve("mining")));
        BlockProducer third = new BlockProducer(node, new ManualScheduler(), chainFolder, config());
        assertFalse("stopped stays stopped", third.status().running());
    }
}
