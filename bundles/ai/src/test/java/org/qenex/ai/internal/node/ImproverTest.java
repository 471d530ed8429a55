package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;

/** The improver proposes only on behalf of a contributor the chain can pay, never the node id. */
public class ImproverTest {

    private static final String NODE_ID = "node-7f3a";
    private static final TestContributor MINER = TestContributor.create();
    private static final TestContributor CONFIGURED = TestContributor.create();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final WorkerProcess worker = TestWorkers.start();
    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private TaskCatalog catalog;
    private RecordingNode node;
    private File dataDir;

    @Before
    public void setUp() throws Exception {
        dataDir = folder.newFolder("data");
        catalog = new FixedCatalog(List.of(BuiltInTaskFixtures.named("mathematics.product-relation")));
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        node = new RecordingNode(new CumulativeModel(new MemoryStore(), catalog, factory,
                new PipelineEvaluator(factory, worker), new ImprovementGate(GateSettings.DEFAULT), NodeKey.ephemeral(),
                Clock.systemUTC(), ModelLimits.withBudget(Duration.ofSeconds(10))));
    }

    @After
    public void tearDown() {
        worker.close();
    }

    @Test
    public void withoutAContributorNoRoundIsScheduledAndTheStatusSaysWhy() {
        Improver improver = new Improver(node, catalog, scheduler, new FixedNodeContext(NODE_ID, dataDir.toPath()), config(""), TestContributor.unlocked(MINER));
        assertTrue("scheduled rounds without anyone to credit: " + scheduler.names(), scheduler.names().isEmpty());
        assertFalse(improver.running());
        assertEquals("", improver.contributor());
        assertTrue(improver.status(), improver.status().startsWith("waiting for a contributor"));

        improver.requestWork(null);
        improver.requestWork("  ");
        assertTrue(scheduler.names().toString(), scheduler.names().isEmpty());
        assertTrue(node.credited.isEmpty());

        improver.stop();
        assertEquals("stopped", improver.status());
    }

    @Test
    public void requestedWorkIsCreditedToTheGivenContributorAndSignedByItsWallet() {
        Improver improver = new Improver(node, catalog, scheduler, new FixedNodeContext(NODE_ID, dataDir.toPath()), config(""), TestContributor.unlocked(MINER));
        improver.requestWork(MINER.address());
        assertEquals(List.of("ai-improver-now", "ai-improver"), scheduler.names());
        scheduler.runAll();
        assertEquals(List.of(MINER.address()), node.credited);
        assertTrue(node.model().candidates().get("c000000000001").orElseThrow().signed().orElseThrow().verifies());
        assertTrue(improver.running());
        assertEquals("running, crediting " + MINER.address(), improver.status());
    }

    @Test
    public void withoutAnUnlockedWalletNothingIsProposedAndTheStatusSaysWhy() {
        Improver improver = new Improver(node, catalog, scheduler, new FixedNodeContext(NODE_ID, dataDir.toPath()), config(""), TestContributor.unlocked());
        improver.requestWork(MINER.address());
        scheduler.runAll();
        assertTrue(node.credited.isEmpty());
        assertTrue(improver.status(), improver.status().contains("cannot sign for " + MINER.address()));
    }

    @Test
    public void aConfiguredContributorIsCreditedFromTheStart() {
        Improver improver = new Improver(node, catalog, scheduler, new FixedNodeContext(NODE_ID, dataDir.toPath()), config(CONFIGURED.address()),
                TestContributor.unlocked(CONFIGURED));
        assertEquals(List.of("ai-improver"), scheduler.names());
        scheduler.runAll();
        assertEquals(List.of(CONFIGURED.address()), node.credited);
        assertFalse(node.credited.contains(NODE_ID));
        improver.stop();
        assertFalse(improver.running());
    }

    private ImproverConfiguration config(String contributor) {
        return new ImproverSettings(true, contributor);
    }

    /** Queues for real, and records whom each proposal credits. */
    private static final class RecordingNode implements ModelNode {

        private final CumulativeModel model;
        private final List<String> credited = new ArrayList<>();

        RecordingNode(CumulativeModel model) {
            this.model = model;
        }

        @Override
        public CumulativeModel model() {
            return model;
        }

        @Override
        public CandidateRecord submit(Submitter submitter, SignedCandidate candidate) {
            credited.add(candidate.contributor());
            return model.intake().submit(submitter, candidate);
        }

        @Override
        public long publicStepPpm() {
            return GateSettings.DEFAULT.etaPpm();
        }
    }
}
