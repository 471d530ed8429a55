package org.qenex.chain.internal.state;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.Test;
import org.qenex.chain.internal.block.MerkleTree;
import org.qenex.chain.internal.crypto.AccountId;

/**
 * The proofs and versions roots are kept between their changes (a block that mints nothing does
 * not walk the rewarded history again), and are always the roots the definition gives
 * (docs/chain-format.md "State commitment"), in the state and in layers above it.
 */
public class CommitmentRootsTest {

    private static String hex(int n, int salt) {
        byte[] b = new byte[32];
        b[0] = (byte) salt;
        b[31] = (byte) n;
        b[30] = (byte) (n >>> 8);
        return HexFormat.of().formatHex(b);
    }

    /** The roots straight from the definition, over every proof and version. */
    private static void assertRootsAsDefined(LedgerView view) {
        List<byte[]> proofLeaves = new ArrayList<>();
        for (String id : new TreeSet<>(view.rewardedProofs())) {
            proofLeaves.add(DocProofChecker.sha256(new byte[] {0}, HexFormat.of().parseHex(id)));
        }
        List<byte[]> versionLeaves = new ArrayList<>();
        for (ModelLink link : new TreeMap<>(view.rewardedVersions()).values()) {
            versionLeaves.add(DocProofChecker.sha256(new byte[] {0}, HexFormat.of().parseHex(link.versionHash()),
                    HexFormat.of().parseHex(link.parentHash()), HexFormat.of().parseHex(link.fingerprint())));
        }
        assertArrayEquals(MerkleTree.root(proofLeaves), view.proofsRoot());
        assertArrayEquals(MerkleTree.root(versionLeaves), view.versionsRoot());
    }

    @Test
    public void rootsAreKeptUntilTheirSetsChangeAndAlwaysMatchTheDefinition() {
        ChainState state = new ChainState();
        String parent = ModelLink.GENESIS_VERSION;
        for (int i = 0; i < 40; i++) {
            state.addRewarded(hex(i, 1));
            String version = hex(i, 2);
            state.addVersion(new ModelLink(version, parent, hex(i, 3)));
            parent = version;
        }
        state.setModelTip(parent);
        assertRootsAsDefined(state);
        byte[] proofs = state.proofsRoot();
        byte[] versions = state.versionsRoot();
        assertSame("kept while nothing changes", proofs, state.proofsRoot());

        // a layer without mints hands down the state's roots; an account change does not touch them
        StateChanges plain = new StateChanges(state);
        plain.put(AccountId.of(new byte[20]), new Account(5, 0, null));
        assertSame(proofs, plain.proofsRoot());
        assertSame(versions, plain.versionsRoot());
        assertArrayEquals(StateCommitment.partsOf(plain).hash(), plain.commitment());

        // a layer that mints computes its own, as defined; applied, the state's roots follow
        StateChanges mint = new StateChanges(state);
        mint.markRewarded(hex(99, 1));
        mint.addVersion(new ModelLink(hex(99, 2), parent, hex(99, 3)));
        mint.setModelTip(hex(99, 2));
        assertRootsAsDefined(mint);
        assertFalse(Arrays.equals(proofs, mint.proofsRoot()));
        assertFalse(Arrays.equals(versions, mint.versionsRoot()));
        byte[] minted = mint.commitment();
        state.apply(mint);
        assertArrayEquals(minted, state.commitment());
        assertRootsAsDefined(state);

        // and back: undoing the mint gives the first roots again
        StateChanges undo = new StateChanges(state);
        undo.unmarkRewarded(hex(99, 1));
        undo.removeVersion(new ModelLink(hex(99, 2), parent, hex(99, 3)));
        undo.setModelTip(parent);
        state.apply(undo);
        assertArrayEquals(proofs, state.proofsRoot());
        assertArrayEquals(versions, state.versionsRoot());
        state.clear();
        assertRootsAsDefined(state);
    }
}
