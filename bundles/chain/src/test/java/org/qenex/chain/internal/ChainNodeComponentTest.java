package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

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
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.ImprovementVerifier;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.node.NodeContext;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.testing.MemoryStore;

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
        String nodeKey = HexFormat.of().formatHex(NodeKeyFile.loadOrCreate(data.resolve("node.key"), new SecureRandom()).publicKey());
        assertEquals("a chain this node created has this node as its only validator", List.of(nodeKey),
                first.parameters().validators());
        first.deactivate();

        ChainNode again = new ChainNode(new MemoryStore(), context, config);
        again.activate();
        assertEquals("the same key", first.nodeAccount(), again.nodeAccount());
        assertEquals("the same genesis", first.parameters(), again.parameters());
        assertEquals(first.headHash(), again.headHash());
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

    /** What SCR does for the dynamic, optional verifier reference. */
    private static void bind(ChainNode node, ImprovementVerifier verifier) throws ReflectiveOperationException {
        Field field = ChainNode.class.getDeclaredField("verifier");
        field.setAccessible(true);
        field.set(node, verifier);
    }
}
