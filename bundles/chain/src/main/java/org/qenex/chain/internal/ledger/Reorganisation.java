package org.qenex.chain.internal.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.AccountTree;
import org.qenex.chain.internal.state.BlockUndo;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.state.StateChanges;

/**
 * Plans the switch of the main chain to a longer branch. The whole switch is tried in memory,
 * on layers over the state, before anything is stored: a branch with an invalid block changes
 * nothing. It never touches the chain's head or state; {@link Blockchain} carries out the plan
 * under its write lock.
 */
final class Reorganisation {

    /** The blocks taken off (newest first) and put on (oldest first), and the steps that do it. */
    record Plan(List<Block> disconnected, List<Block> connected, List<Step> steps) {
    }

    /**
     * One atomic stored batch of the switch (given the step's account tree update, prepared on the
     * state the step meets), the changes it makes to the state, and the head after it: the state in
     * memory follows the store batch by batch.
     */
    record Step(Consumer<AccountTree.Update> store, StateChanges changes, Block head) {
    }

    private final ChainDatabase db;
    private final StoredBlocks blocks;
    private final InvalidBlocks invalid;
    private final int finalityDepth;
    private final BlockRules rules;
    private final ProofCheck proofs;
    private final LongSupplier clock;

    Reorganisation(ChainDatabase db, StoredBlocks blocks, InvalidBlocks invalid, ChainParameters params, BlockRules rules,
            ProofCheck proofs, LongSupplier clock) {
        this.db = db;
        this.blocks = blocks;
        this.invalid = invalid;
        this.finalityDepth = params.finalityDepth();
        this.rules = rules;
        this.proofs = proofs;
        this.clock = clock;
    }

    /**
     * The block where {@code parent}'s branch leaves the main chain ({@code parent} itself when it is
     * on it); refused when the branch is longer than a reorganisation may reach.
     */
    Block forkPoint(Block parent) throws ChainException {
        Block cursor = parent;
        int steps = 0;
        while (!blocks.onMainChain(cursor)) {
            if (++steps > finalityDepth + 1) {
                throw new ChainException(ChainError.REORG_TOO_DEEP, "the branch is more than " + finalityDepth
                        + " blocks long");
            }
            cursor = blocks.byHash(cursor.header().previousHash())
                    .orElseThrow(() -> new ChainException(ChainError.UNKNOWN_PARENT, "a block of the branch is missing"));
        }
        return cursor;
    }

    /** The fork point, refused when switching there would take a final block off the main chain. */
    Block forkWithinFinality(Block parent, Block head) throws ChainException {
        Block fork = forkPoint(parent);
        if (head.height() - fork.height() > finalityDepth) {
            throw new ChainException(ChainError.REORG_TOO_DEEP, "the branch leaves the main chain at height "
                    + fork.height() + ", more than " + finalityDepth + " blocks below the head");
        }
        return fork;
    }

    /**
     * Undoes the main chain down to {@code fork} and validates the branch up to {@code newTip} on
     * top of {@code state}; marks the first invalid block of the branch, and the tip, invalid.
     */
    Plan plan(Block head, LedgerView state, Block fork, Block newTip) throws ChainException {
        List<Block> disconnect = new ArrayList<>();
        for (Block b = head; b.height() > fork.height(); b = blocks.load(b.header().previousHash())) {
            disconnect.add(b);
        }
        List<Block> connect = new ArrayList<>();
        for (Block b = newTip; b.height() > fork.height(); b = blocks.load(b.header().previousHash())) {
            connect.add(0, b);
        }
        List<Step> steps = new ArrayList<>();
        LedgerView view = state;
        byte[] target = newTip.hash();
        for (Block b : disconnect) {
            StateChanges layer = new StateChanges(view);
            BlockUndo undo = db.undo(b.hash()).orElseThrow(() -> new IllegalStateException("no undo record for " + b));
            undo.applyTo(layer);
            // each batch records the target, so that a crash part way is finished at the next start
            steps.add(new Step(tree -> db.commitDisconnect(b, layer, tree, target), layer, blocks.load(b.header().previousHash())));
            view = layer;
        }
        Block parent = fork;
        for (int i = 0; i < connect.size(); i++) {
            Block b = connect.get(i);
            StateChanges layer = new StateChanges(view);
            try {
                rules.checkHeader(b, parent.header(), clock.getAsLong());
                rules.execute(b, layer, proofs);
            } catch (ChainException e) {
                if (!e.error().deferred()) { // undecided: the branch is tried again when it comes again
                    invalid.add(b.hash());
                    invalid.add(newTip.hash());
                }
                throw e;
            }
            boolean last = i == connect.size() - 1;
            // a branch's blocks were stored when they came (Blockchain.importAsWriter)
            steps.add(new Step(tree -> db.commitConnect(b, layer, tree, layer.undo(), null, last, true), layer, b));
            view = layer;
            parent = b;
        }
        return new Plan(disconnect, connect, steps);
    }
}
