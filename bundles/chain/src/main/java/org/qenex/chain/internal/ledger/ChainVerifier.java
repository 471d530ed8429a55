package org.qenex.chain.internal.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.Account;
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
     * @param liveAccounts walks the live (stored) accounts: a start checks only the stored tree's root
     *        against the head, so an account record changed behind the chain's back shows here
     */
    VerifyReport verify(Block top, Supplier<byte[]> liveCommitment, Consumer<BiConsumer<AccountId, Account>> liveAccounts) {
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
        long[] counts = new long[2];
        List<AccountId> differing = new ArrayList<>();
        replay.forEachAccount((id, a) -> counts[0]++);
        liveAccounts.accept((id, a) -> {
            counts[1]++;
            if (!a.equals(replay.account(id)) && differing.isEmpty()) {
                differing.add(id);
            }
        });
        if (!differing.isEmpty() || counts[0] != counts[1]) {
            return new VerifyReport(top.height(), transactions, false, "the stored accounts differ from the replayed ones"
                    + (differing.isEmpty() ? " (" + counts[1] + " stored, " + counts[0] + " replayed)" : ", first " + differing.get(0)));
        }
        return new VerifyReport(top.height(), transactions, true, "all " + top.height() + " blocks valid, state matches");
    }
}
