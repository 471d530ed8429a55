package org.qenex.chain.internal.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;

import org.qenex.api.improvement.VerificationResult;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.ChainState;
import org.qenex.chain.internal.state.MemoryAccounts;
import org.qenex.chain.internal.state.MemoryTreeNodes;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.tx.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the stored head at start and brings the state in memory back to it. Every head change is
 * one stored batch, so the stored state normally belongs to the stored head; when it does not, the
 * state is replayed from the blocks. {@link Blockchain#open()} calls it holding both of its locks,
 * and keeps the head itself.
 */
final class StateRecovery {

    // under the chain's name, where the chain's log settings apply
    private static final Logger LOG = LoggerFactory.getLogger(Blockchain.class);

    private final Block genesis;
    private final ChainDatabase db;
    private final StoredBlocks blocks;
    private final BlockRules rules;

    StateRecovery(ChainParameters params, ChainDatabase db, StoredBlocks blocks, BlockRules rules) {
        this.genesis = GenesisBlock.of(params);
        this.db = db;
        this.blocks = blocks;
        this.rules = rules;
    }

    /** The stored head, once the store is known to hold this chain; empty for a new store. */
    Optional<Block> storedHead() {
        Optional<byte[]> headHash = db.headHash();
        if (headHash.isEmpty()) {
            return Optional.empty();
        }
        byte[] storedGenesis = db.hashAt(0).orElseThrow(() -> new IllegalStateException("no genesis block stored"));
        if (!Arrays.equals(storedGenesis, genesis.hash())) {
            // the empty state's commitment is in the genesis block, so a store written with another state layout lands here too
            throw new IllegalStateException("the stored chain has another genesis block than the genesis file describes"
                    + " (another genesis file, or a store from a QENEX version with another state layout, see"
                    + " docs/chain-format.md): start from an empty data folder");
        }
        return Optional.of(blocks.load(headHash.get()));
    }

    /** Stores genesis as the head of a new chain, with the empty state that belongs to it. */
    Block startNewChain(ChainState state) {
        db.initialise(genesis);
        state.clear();
        return genesis;
    }

    /**
     * Fills {@code state} with the stored state of {@code head}, or replays it from the blocks when
     * it does not match the head's commitment.
     *
     * @return what was found, for the startup note
     */
    String restoreState(Block head, ChainState state) {
        String migrated = "";
        int form = db.treeForm();
        if (form == ChainDatabase.NODE_FORM) {
            // one record per node, as the version before the pages wrote it: regrouped, not replayed
            long started = System.nanoTime();
            migrated = ": the stored account tree was one record per node; rewrote its "
                    + db.migrateTreeToPages() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
            LOG.info("head {}{}", head.height(), migrated);
        } else if (form != ChainDatabase.TREE_FORM) {
            // a store of an older version: its tree nodes do not decode, the replay rewrites them
            rebuildState(head, state);
            String note = "head " + head.height() + ": the stored account tree was in an older form; rewrote it by replaying "
                    + head.height() + " blocks";
            LOG.info(note);
            return note;
        } else {
            db.dropNodeFormTree();
        }
        loadState(state);
        if (Arrays.equals(state.commitment(), head.header().stateCommitment())) {
            return "head " + head.height() + migrated + (migrated.isEmpty() ? ", " : "; ") + "state matches its commitment";
        }
        rebuildState(head, state);
        String note = "head " + head.height() + ": the stored state did not match the head's commitment; rebuilt it from "
                + head.height() + " blocks";
        LOG.warn(note);
        return note;
    }

    /**
     * The tip a reorganisation was heading to when a crash interrupted it: the batches that take
     * blocks off store it as the target, and the one that connects the tip clears it.
     */
    Optional<Block> interruptedTarget(Block head) {
        Optional<byte[]> target = db.target();
        if (target.isEmpty() || Arrays.equals(target.get(), head.hash())) {
            return Optional.empty();
        }
        return blocks.byHash(target.get()).filter(tip -> tip.height() > head.height());
    }

    private void loadState(ChainState state) {
        // the accounts and their tree are read from the store as they are needed
        state.clear();
        db.forEachRewardedProof(state::addRewarded);
        db.forEachRewardedVersion(state::addVersion);
        state.setModelTip(db.modelTip());
        state.setMinted(db.minted());
    }

    /**
     * Replays the main chain from genesis. The blocks were fully validated when they were
     * connected, so transaction signatures and proofs are not re-verified here; every state rule
     * (the model tip and fingerprints and the contributors' signatures included) is, and
     * the result must match the head's commitment.
     */
    private void rebuildState(Block head, ChainState stored) {
        // replayed in memory, then written over the stored state and tree, then read back
        MemoryTreeNodes nodes = new MemoryTreeNodes();
        ChainState state = new ChainState(nodes, new MemoryAccounts());
        for (long h = 1; h <= head.height(); h++) {
            Block block = blocks.atHeight(h).orElseThrow();
            StateChanges changes = new StateChanges(state);
            try {
                long fees = 0;
                for (Transaction tx : block.transactions()) {
                    fees = Math.addExact(fees, rules.transactionRules().apply(tx, changes));
                }
                if (fees > 0) {
                    AccountId producer = AccountId.ofPublicKey(block.header().producerKey());
                    changes.put(producer, changes.account(producer).credit(fees));
                }
                for (MintEntry mint : block.mints()) {
                    rules.mintRules().apply(mint, changes, proof -> VerificationResult.valid("verified when the block was connected"));
                }
            } catch (ChainException e) {
                throw new IllegalStateException("stored block " + h + " does not apply: " + e, e);
            }
            state.apply(changes);
        }
        if (!Arrays.equals(state.commitment(), head.header().stateCommitment())) {
            throw new IllegalStateException("replaying the stored blocks does not give the head's state commitment");
        }
        db.replaceState(state.accounts(), nodes.all(), state.minted(), new ArrayList<>(state.rewardedProofs()),
                new ArrayList<>(state.rewardedVersions().values()), state.modelTip());
        loadState(stored);
    }
}
