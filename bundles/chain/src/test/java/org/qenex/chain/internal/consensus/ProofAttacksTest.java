package org.qenex.chain.internal.consensus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.ChainDatabase;
import org.qenex.chain.internal.ledger.VerifyReport;
import org.qenex.chain.internal.state.StateChanges;

/**
 * The forgeries of issue 10 that a block producer can make from public data, against a verifier
 * that confirms every proof that reproduces ({@link TestChain#VERIFIER}, as the AI's verifier
 * confirms a version made again from an accepted one): the chain's own rules must refuse them.
 */
public class ProofAttacksTest {

    private static final long QXC = Qxc.UNITS_PER_QXC;

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair mallory = TestChain.key(66);

    /** Alice's accepted version p1 (on the genesis version), minted in block 1. */
    private ImprovementProof mintAlices(ChainNode node) throws ChainException {
        ImprovementProof p1 = TestChain.proof(alice, 10_000, "p1");
        assertEquals(1, node.produceBlock(List.of(p1)).mints().size());
        assertEquals(p1.versionHash(), node.modelTip());
        return p1;
    }

    @Test
    public void anAcceptedVersionRedirectedToAnotherContributorIsRefused() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ImprovementProof p1 = mintAlices(node);

        // (a) as found: the contributor swapped, alice's key and signature left in place
        ImprovementProof swapped = TestChain.withContributor(p1, mallory.address());
        assertRefused(node, swapped, ChainError.CONTRIBUTOR_KEY_MISMATCH);
        // the same, made properly: a new version hash for mallory, signed by mallory, on p1's parent
        ImprovementProof remade = TestChain.proof(mallory, 10_000, "p1-for-mallory", p1.parentVersionHash(), "p1");
        assertRefused(node, remade, ChainError.PROOF_PARENT_REWARDED);
        // and with alice's signature but mallory's key: the signature does not verify
        assertRefused(node, forgedKey(p1), ChainError.BAD_CONTRIBUTOR_SIGNATURE);

        assertEquals("a producer carrying them mints nothing", 0,
                node.produceBlock(List.of(swapped, remade)).mints().size());
        assertEquals(0, node.account(mallory.account()).balance());
        assertEquals(50 * QXC, node.minted());
    }

    @Test
    public void anAcceptedVersionRebasedOnTheGenesisVersionIsRefusedEveryTime() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ImprovementProof p1 = mintAlices(node);
        // (b) the pipelines of p1 on the genesis parent again, at a new time each: new version hashes, same predictions
        for (int i = 0; i < 3; i++) {
            ImprovementProof rebased = TestChain.proof(mallory, 10_000, "p1-at-" + i, p1.parentVersionHash(), "p1");
            assertRefused(node, rebased, ChainError.PROOF_PARENT_REWARDED);
            assertEquals(0, node.produceBlock(List.of(rebased)).mints().size());
        }
        // on the tip instead: the predictions were rewarded already
        assertRefused(node, TestChain.proof(mallory, 10_000, "p1-on-tip", node.modelTip(), "p1"),
                ChainError.PROOF_FINGERPRINT_REWARDED);
        // alice's own signature does not follow her version to another parent
        assertRefused(node, TestChain.rebased(p1, node.modelTip()), ChainError.BAD_CONTRIBUTOR_SIGNATURE);
        assertEquals(50 * QXC, node.minted());
    }

    @Test
    public void onlyAChildOfTheTipIsMintedAndItBecomesTheTip() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ImprovementProof p1 = mintAlices(node);
        assertRefused(node, TestChain.proof(mallory, 10_000, "elsewhere", TestChain.hex("unknown version")),
                ChainError.PROOF_PARENT_NOT_TIP);
        ImprovementProof p2 = TestChain.proof(mallory, 5_000, "p2", p1.versionHash());
        ImprovementProof sibling = TestChain.proof(alice, 8_000, "p2-sibling", p1.versionHash());
        Block block = node.produceBlock(List.of(p2, sibling));
        assertEquals("one rewarded child per parent", 1, block.mints().size());
        assertEquals(p2.versionHash(), node.modelTip());
        assertTrue(node.isSpent(sibling));
        assertTrue(node.verify().ok());
    }

    @Test
    public void verifyReportsAStoredChainWithAForgedMintAsInvalid() throws Exception {
        MemoryStore store = new MemoryStore();
        ChainNode node = TestChain.node(store, clock);
        ImprovementProof p1 = mintAlices(node);
        // a producer that minted by the old rules: p1 re-based on genesis for mallory, paid in full, stored as the head
        ImprovementProof rebased = TestChain.proof(mallory, 10_000, "p1-again", p1.parentVersionHash(), "p1");
        MintEntry mint = MintEntry.of(rebased, 50 * QXC);
        StateChanges oldRules = node.chain().read(view -> {
            StateChanges c = new StateChanges(view);
            c.put(mallory.account(), c.account(mallory.account()).credit(50 * QXC));
            c.setMinted(c.minted() + 50 * QXC);
            c.markRewarded(mint.proofId());
            return c;
        });
        Block head = node.head();
        BlockHeader header = new BlockHeader(TestChain.CHAIN_ID, head.height() + 1, head.hash(),
                head.header().timestampMillis() + 5_000, Block.txRoot(List.of()), Block.mintRoot(List.of(mint)),
                oldRules.commitment(), TestChain.validator().publicKey(), 0, 1);
        Block forged = BlockCodec.seal(header, TestChain.validator(), List.of(), List.of(mint));
        new ChainDatabase(store).commitConnect(forged, oldRules, oldRules.treeUpdate(), oldRules.undo(), null, false, false);

        ChainNode reopened = TestChain.node(store, clock);
        assertEquals(2, reopened.head().height());
        VerifyReport report = reopened.verify();
        assertFalse(report.detail(), report.ok());
        assertTrue(report.detail(), report.detail().contains("block 2") && report.detail().contains("proof_parent_rewarded"));
    }

    /** {@code p} for mallory with mallory's key but alice's signature. */
    private ImprovementProof forgedKey(ImprovementProof p) {
        return new ImprovementProof(p.versionHash(), p.parentVersionHash(), p.specification(), p.scores(), mallory.address(),
                p.acceptedAtMillis(), p.predictionFingerprint(), p.candidate(),
                java.util.HexFormat.of().formatHex(mallory.publicKey()), p.contributorSignature());
    }

    /** Imports a block by the (dishonest) validator that mints {@code proof} in full, and expects {@code error}. */
    private void assertRefused(ChainNode node, ImprovementProof proof, ChainError error) throws Exception {
        Block head = node.head();
        MintEntry mint = MintEntry.of(proof, node.chain().rules().mintRules().schedule().reward(node.minted(),
                proof.bestGainPpm()));
        BlockHeader header = new BlockHeader(TestChain.CHAIN_ID, head.height() + 1, head.hash(),
                head.header().timestampMillis() + 5_000, Block.txRoot(List.of()), Block.mintRoot(List.of(mint)), new byte[32],
                TestChain.validator().publicKey(), 0, 1);
        try {
            node.importBlock(BlockCodec.seal(header, TestChain.validator(), List.of(), List.of(mint)).encoded());
            fail("minted " + proof);
        } catch (ChainException e) {
            assertEquals(e.getMessage(), error, e.error());
        }
    }
}
