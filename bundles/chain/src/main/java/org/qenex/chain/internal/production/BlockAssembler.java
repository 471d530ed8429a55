package org.qenex.chain.internal.production;

import java.util.ArrayList;
import java.util.List;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.ProofCheck;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.AssembledBlock;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.tx.Transaction;

/**
 * Makes the next block on a given head: the candidate transactions that still apply, in order,
 * the producer's fees, one mint entry per verified, unrewarded proof at the scheduled reward, the
 * resulting state commitment, and the producer's signature.
 */
public final class BlockAssembler {

    /** Room kept for the header, signature and mint entries. */
    private static final int RESERVED_BYTES = 64 * 1024;
    public static final int MAX_MINTS_PER_BLOCK = 16;

    private final BlockRules rules;
    private final KeyPair producer;

    public BlockAssembler(BlockRules rules, KeyPair producer) {
        this.rules = rules;
        this.producer = producer;
    }

    /** How many transaction bytes a block may carry. */
    public int transactionBudget() {
        return rules.parameters().maxBlockBytes() - RESERVED_BYTES;
    }

    /**
     * @param rejected receives the candidates that no longer apply
     */
    public AssembledBlock assemble(LedgerView state, Block head, List<Transaction> candidates, List<ImprovementProof> proofs,
            ProofCheck check, long nowMillis, List<Transaction> rejected) throws ChainException {
        ChainParameters params = rules.parameters();
        long timestamp = Math.max(nowMillis, head.header().timestampMillis() + 1);
        // before any work: a block out of this node's turn would be refused by every validating node
        rules.schedule().checkTurn(producer.publicKey(), timestamp, head.header());
        StateChanges changes = new StateChanges(state);
        List<Transaction> included = new ArrayList<>();
        long fees = 0;
        for (Transaction tx : candidates) {
            StateChanges attempt = new StateChanges(changes);
            try {
                rules.transactionRules().checkStateless(tx);
                long fee = rules.transactionRules().apply(tx, attempt);
                fees = Math.addExact(fees, fee);
                attempt.mergeInto(changes);
                included.add(tx);
            } catch (ChainException e) {
                rejected.add(tx);
            }
        }
        byte[] producerKey = producer.publicKey();
        if (fees > 0) {
            AccountId self = producer.account();
            changes.put(self, changes.account(self).credit(fees));
        }
        List<MintEntry> mints = new ArrayList<>();
        for (ImprovementProof proof : proofs) {
            if (mints.size() >= MAX_MINTS_PER_BLOCK) {
                break;
            }
            long reward = rules.mintRules().schedule().reward(changes.minted(), proof.bestGainPpm());
            if (reward <= 0 || changes.isRewarded(proof.id())) {
                continue;
            }
            MintEntry entry = MintEntry.of(proof, reward);
            StateChanges attempt = new StateChanges(changes);
            try {
                rules.mintRules().apply(entry, attempt, check);
                attempt.mergeInto(changes);
                mints.add(entry);
            } catch (ChainException e) {
                // not verified, malformed or rewarded meanwhile: not carried
            }
        }
        BlockHeader header = new BlockHeader(params.chainId(), head.height() + 1, head.hash(), timestamp,
                Block.txRoot(included), Block.mintRoot(mints), changes.commitment(), producerKey, included.size(),
                mints.size());
        return new AssembledBlock(BlockCodec.seal(header, producer, included, mints), changes);
    }
}
