package org.qenex.chain.internal.consensus;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Ed25519;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.tx.Transaction;

/**
 * The rules a block must meet. {@link #checkHeader} needs only the parent's header, so side
 * branches are checked that far when they arrive; {@link #execute} needs the state at the parent.
 */
public final class BlockRules {

    private static final int PARALLEL_THRESHOLD = 256;

    private final ChainParameters params;
    private final TransactionRules transactions;
    private final MintRules mints;
    private final ProposerSchedule schedule;

    public BlockRules(ChainParameters params, SignatureCache signatures) {
        this.params = params;
        this.schedule = new ProposerSchedule(params);
        this.transactions = new TransactionRules(params, signatures);
        this.mints = new MintRules(params);
    }

    public TransactionRules transactionRules() {
        return transactions;
    }

    public MintRules mintRules() {
        return mints;
    }

    public ChainParameters parameters() {
        return params;
    }

    public ProposerSchedule schedule() {
        return schedule;
    }

    public void checkHeader(Block block, BlockHeader parent, long nowMillis) throws ChainException {
        BlockHeader h = block.header();
        if (block.size() > params.maxBlockBytes()) {
            throw new ChainException(ChainError.BLOCK_OVERSIZED, block.size() + " bytes, the limit is " + params.maxBlockBytes());
        }
        if (!params.chainId().equals(h.chainId())) {
            throw new ChainException(ChainError.WRONG_CHAIN_ID, "block for chain '" + h.chainId() + "'");
        }
        if (h.height() != parent.height() + 1) {
            throw new ChainException(ChainError.BAD_HEIGHT, "height " + h.height() + " after " + parent.height());
        }
        if (!Arrays.equals(h.previousHash(), parent.hash())) {
            throw new ChainException(ChainError.UNKNOWN_PARENT, "previous hash is not the parent's");
        }
        if (h.timestampMillis() <= parent.timestampMillis()) {
            throw new ChainException(ChainError.TIMESTAMP_NOT_INCREASING, "timestamp " + h.timestampMillis()
                    + " not after the parent's " + parent.timestampMillis());
        }
        if (h.timestampMillis() > nowMillis + params.maxFutureDriftMillis()) {
            throw new ChainException(ChainError.TIMESTAMP_TOO_FAR_AHEAD, "timestamp " + h.timestampMillis() + " is "
                    + (h.timestampMillis() - nowMillis) + " ms ahead of this node's clock");
        }
        if (!params.isValidator(h.producerKey())) {
            throw new ChainException(ChainError.UNKNOWN_PRODUCER, "the producer is not a validator of this chain");
        }
        schedule.check(h, parent);
        if (!Ed25519.verify(h.producerKey(), block.headerBytes(), block.signature())) {
            throw new ChainException(ChainError.BAD_PRODUCER_SIGNATURE, "the producer's signature does not verify");
        }
        if (h.txCount() != block.transactions().size() || h.mintCount() != block.mints().size()) {
            throw new ChainException(ChainError.BAD_ENCODING, "header counts do not match the body");
        }
        if (!Arrays.equals(h.txRoot(), Block.txRoot(block.transactions()))) {
            throw new ChainException(ChainError.BAD_MERKLE_ROOT, "the transactions do not match the header's Merkle root");
        }
        if (!Arrays.equals(h.mintRoot(), Block.mintRoot(block.mints()))) {
            throw new ChainException(ChainError.BAD_MINT_ROOT, "the proofs do not match the header's mint root");
        }
    }

    /**
     * Signature checks are about 70 % of importing a full block and independent of each other: they
     * run on the JVM's common fork-join pool first, filling the signature cache, so the sequential
     * pass below finds them verified. A bad signature is only skipped here; the sequential pass
     * reports it in block order.
     */
    private void verifySignaturesInParallel(Block block) {
        if (block.transactions().size() < PARALLEL_THRESHOLD) {
            return;
        }
        block.transactions().parallelStream().forEach(tx -> {
            try {
                transactions.checkStateless(tx);
            } catch (ChainException e) {
                // reported by the sequential pass
            }
        });
    }

    /**
     * Applies the block's transactions, fees and mints to {@code changes} (layered on the parent's
     * state) and checks the resulting state commitment.
     */
    public void execute(Block block, StateChanges changes, ProofCheck proofs) throws ChainException {
        Set<ByteBuffer> spent = new HashSet<>();
        for (Transaction tx : block.transactions()) {
            ByteBuffer senderNonce = ByteBuffer.allocate(AccountId.LENGTH + 8).put(tx.sender().bytes()).putLong(tx.nonce()).flip();
            if (!spent.add(senderNonce)) {
                throw new ChainException(ChainError.DOUBLE_SPEND, tx.sender() + " spends nonce " + tx.nonce() + " twice");
            }
        }
        verifySignaturesInParallel(block);
        long fees = 0;
        for (Transaction tx : block.transactions()) {
            transactions.checkStateless(tx);
            fees = Math.addExact(fees, transactions.apply(tx, changes));
        }
        if (fees > 0) {
            AccountId producer = AccountId.ofPublicKey(block.header().producerKey());
            changes.put(producer, changes.account(producer).credit(fees));
        }
        for (MintEntry entry : block.mints()) {
            mints.apply(entry, changes, proofs);
        }
        if (!Arrays.equals(block.header().stateCommitment(), changes.commitment())) {
            throw new ChainException(ChainError.BAD_STATE_COMMITMENT, "the resulting state does not match the header");
        }
    }
}
