package org.qenex.chain.internal.ledger;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.ChainState;
import org.qenex.chain.internal.state.StateChanges;

/**
 * Re-validates the stored main chain from genesis with every rule, signatures and proofs included,
 * on a state of its own, and compares the result with the live state. It holds no lock while it
 * replays: it reads only stored blocks, and the caller hands it the head and the live commitment.
 */
final class ChainVerifier {

    private final StoredBlocks blocks;
    private final BlockRules rules;
    private final ProofCheck proofs;

    private final Block genesis;
    // a clock this far ahead lets no stored timestamp count as "in the future", and adding the drift does not overflow
    private final long farFuture;

    ChainVerifier(ChainParameters params, StoredBlocks blocks, BlockRules rules, ProofCheck proofs) {
        this.blocks = blocks;
        this.rules = rules;
        this.proofs = proofs;
        this.genesis = GenesisBlock.of(params);
        this.farFuture = Long.MAX_VALUE - params.maxFutureDriftMillis();
    }

    /**
     * @param top the head to verify up to
     * @param liveCommitment the live state's commitment, asked once every block has been replayed
     */
    VerifyReport verify(Block top, Supplier<byte[]> liveCommitment) {
        ChainState replay = new ChainState();
        Block previous = genesis;
        long transactions = 0;
        for (long h = 1; h <= top.height(); h++) {
            Optional<Block> block = blocks.atHeight(h);
            if (block.isEmpty()) {
                return new VerifyReport(h - 1, transactions, false, "block " + h + " is missing");
            }
            try {
                rules.checkHeader(block.get(), previous.header(), farFuture);
                StateChanges changes = new StateChanges(replay);
                rules.execute(block.get(), changes, proofs);
                replay.apply(changes);
            } catch (ChainException e) {
                return new VerifyReport(h - 1, transactions, false, "block " + h + ": " + e);
            }
            transactions += block.get().transactions().size();
            previous = block.get();
        }
        if (!Arrays.equals(liveCommitment.get(), replay.commitment())) {
            return new VerifyReport(top.height(), transactions, false, "the replayed state differs from the live state");
        }
        return new VerifyReport(top.height(), transactions, true, "all " + top.height() + " blocks valid, state matches");
    }
}
