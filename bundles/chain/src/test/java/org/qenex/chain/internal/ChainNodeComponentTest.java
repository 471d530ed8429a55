package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.node.NodeContext;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.crypto.KeyPair;

/** The ledger as SCR builds it: from the node's store, the chain's data folder and its typed configuration. */
public class ChainNodeComponentTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void keepsItsKeyAndGenesisInTheChainsDataFolderAcrossRestarts() throws Exception {
        Path data = folder.getRoot().toPath().resolve("qenex").resolve("chain");
        NodeContext context = FixedNodeContext.in(data);
        ChainConfiguration config = TestChain.configuration(ChainConfiguration.class, Map.of("chainId", "qenex-unit"));

        ChainNode first = new ChainNode(new MemoryStore(), context, config);
        first.activate();
        assertTrue(Files.isRegularFile(data.resolve("node.key")));
        assertTrue(Files.isRegularFile(data.resolve("genesis.json")));
        assertEquals("qenex-unit", first.chainId());
        assertEquals(0, first.height());
        KeyPair nodeKey = NodeKeyFile.loadOrCreate(data.resolve("node.key"), new SecureRandom());
        assertEquals("a chain this node created has this node as its only validator",
                List.of(HexFormat.of().formatHex(nodeKey.publicKey())), first.parameters().validators());
        first.deactivate();

        ChainNode again = new ChainNode(new MemoryStore(), context, config);
        again.activate();
        assertEquals("the same key", first.nodeAccount(), again.nodeAccount());
        assertEquals("the same genesis", first.parameters(), again.parameters());
        assertEquals(first.headHash(), again.headHash());
    }

    @Test
    public void aNodeOfANetworkWaitsForItsGenesisFileAndThenUsesIt() throws Exception {
        Path data = folder.getRoot().toPath().resolve("chain");
        Path shared = folder.getRoot().toPath().resolve("network-genesis.json");
        ChainConfiguration config = TestChain.configuration(ChainConfiguration.class,
                Map.of("genesisFile", shared.toString(), "blockIntervalMillis", 1_000L));
        try {
            new ChainNode(new MemoryStore(), FixedNodeContext.in(data), config);
            fail("no chain without the network's genesis");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not found: copy the network's genesis file there"));
        }
        assertFalse("no chain of its own", Files.exists(data.resolve("genesis.json")));
        assertTrue("but its key, to be listed", Files.isRegularFile(data.resolve(NodeKeyFile.NAME)));

        List<String> keys = List.of(HexFormat.of().formatHex(TestChain.key(1).publicKey()),
                HexFormat.of().formatHex(TestChain.key(2).publicKey()));
        org.qenex.chain.internal.consensus.GenesisFile.write(shared,
                org.qenex.chain.internal.consensus.GenesisFile.forNetwork("my-net", keys, 2_000, TestChain.GENESIS_TIME));
        ChainNode node = new ChainNode(new MemoryStore(), FixedNodeContext.in(data), config);
        node.activate();
        assertEquals("my-net", node.chainId());
        assertEquals(keys, node.parameters().validators());
        assertEquals("the file's interval, not the configuration's", 2_000, node.parameters().blockIntervalMillis());
    }

    @Test
    public void aSingleNodeGenesisTakesTheConfiguredInterval() throws Exception {
        ChainNode node = new ChainNode(new MemoryStore(), FixedNodeContext.in(folder.getRoot().toPath()),
                TestChain.configuration(ChainConfiguration.class, Map.of("blockIntervalMillis", 1_000L)));
        assertEquals(1_000, node.parameters().blockIntervalMillis());
    }

    @Test
    public void aProofCountsOnlyOnceAVerifierIsBoundAndSaysValid() throws Exception {
        ChainNode node = new ChainNode(new MemoryStore(), FixedNodeContext.in(folder.getRoot().toPath()),
                TestChain.configuration(ChainConfiguration.class, Map.of()));
        node.activate();
        ImprovementProof proof = TestChain.proof(TestChain.key(10), 10_000, "one");
        assertFalse("no verifier: nothing is verified", node.verifyProof(proof));
        assertTrue(node.check().message().contains("no improvement verifier"));

        bind(node, p -> new VerificationResult(false, "worse than its parent"));
        assertFalse(node.verifyProof(proof));
        bind(node, p -> new VerificationResult(true, ""));
        assertTrue(node.verifyProof(proof));
        assertFalse(node.check().message().contains("no improvement verifier"));
        node.deactivate();
    }

    @Test
    public void reportsAnIncidentWhenItRebuiltTheStateAtStart() throws Exception {
        MemoryStore store = new MemoryStore();
        NodeContext context = FixedNodeContext.in(folder.getRoot().toPath());
        ChainConfiguration config = TestChain.configuration(ChainConfiguration.class, Map.of());
        new ChainNode(store, context, config).activate();
        // coins out of thin air behind the chain's back: the stored state no longer matches the head (a start checks the
        // stored tree's root and the supply, not every account: StateOnDiskTest has verify find a changed account)
        store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES).put("minted", java.nio.ByteBuffer.allocate(8).putLong(1).array());

        RecordingIncidentLog incidents = new RecordingIncidentLog();
        ChainNode restarted = new ChainNode(store, context, config);
        // SCR sets the optional references after the constructor and before the activate method
        set(restarted, "incidents", incidents);
        restarted.activate();
        List<Incident> reported = incidents.reported();
        assertEquals(1, reported.size());
        assertEquals("chain", reported.get(0).part());
        assertEquals(HealthStatus.DEGRADED, reported.get(0).severity());
        assertTrue(reported.get(0).cause(), reported.get(0).cause().contains("rebuilt"));
        assertEquals(0, restarted.account(TestChain.key(11).account()).balance());
    }

    /** What SCR does for the dynamic, optional verifier reference. */
    private static void bind(ChainNode node, ImprovementVerifier verifier) throws ReflectiveOperationException {
        set(node, "verifier", verifier);
    }

    private static void set(ChainNode node, String reference, Object service) throws ReflectiveOperationException {
        Field field = ChainNode.class.getDeclaredField(reference);
        field.setAccessible(true);
        field.set(node, service);
    }
}
