package org.qenex.chain.internal.ledger;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;

/** The node's ledger as its shell commands, REST servlets and block producer use it. */
public interface Ledger {

    ChainParameters parameters();

    Block head();

    Optional<Block> blockAt(long height);

    Optional<Block> block(byte[] hash);

    Optional<TransactionLocation> transaction(byte[] id);

    /** Whether a transaction waits in the mempool. */
    boolean isPending(byte[] id);

    /** Whether a transaction is in a main-chain block, without decoding that block (see {@link Blockchain#includesTransaction}). */
    boolean isConfirmed(byte[] id);

    AccountSummary account(AccountId id);

    /** The path from the head's state commitment to an account (or to where it would be). */
    AccountProof accountProof(AccountId id);

    /**
     * Decodes, checks and admits a signed transaction to the mempool.
     *
     * @return its id
     */
    byte[] submit(byte[] encoded) throws ChainException;

    /**
     * Decodes, checks and admits a client's signed transactions in their order, as {@link #submit}
     * would one by one; returns once every admitted one is durable, having waited for the store
     * once for all of them. A transaction that cannot be decoded or is malformed on its own (a bad
     * signature, another chain, a fee below the minimum) refuses the whole batch: nothing is admitted.
     *
     * @return per transaction, in order: its id, and why the state refused it if it did
     * @throws ChainException the first malformed transaction's refusal, its message naming its index
     */
    List<Submission> submitAll(List<byte[]> encoded) throws ChainException;

    /**
     * Checks and admits transactions relayed by peers (decoded already) in their order, as
     * {@link #submit} would one by one, into the mempool's memory only: the node that acknowledged
     * each to its client holds it durably ({@code Mempool.admitRelayed}).
     *
     * @return per transaction, in order: null if admitted, else why not
     */
    List<ChainException> admitRelayed(List<Transaction> txs);

    int mempoolSize();

    /** Base units minted so far: the sum of every balance. */
    long minted();

    /** Makes, signs with the node's key and imports the next block, carrying {@code proofs} it can verify. */
    Block produceBlock(List<ImprovementProof> proofs) throws ChainException;

    /** Imports a block made elsewhere. */
    ImportOutcome importBlock(byte[] encoded) throws ChainException;

    /**
     * Whether the node's verifier confirms {@code proof}; remembered, so that a block producer that
     * asks before it produces keeps slow verification out of the chain's lock.
     */
    boolean verifyProof(ImprovementProof proof);

    /** Whether a proof was rewarded on the main chain. */
    boolean isRewarded(String proofId);

    /**
     * Whether {@code proof} can never be minted on the main chain as it stands: it was rewarded, a
     * child of its parent was, or a version with its predictions was. (A proof whose parent is not
     * yet the tip may still become mintable.)
     */
    boolean isSpent(ImprovementProof proof);

    /** The tip of the model's version chain: the last rewarded version, 64 zeros before any. */
    String modelTip();

    VerifyReport verify();

    /** The node's own account: the producer of its blocks, which collects the fees. */
    AccountId nodeAccount();

    /** The node's public key, which signs its blocks: they count only if it is one of the genesis validators. */
    byte[] nodePublicKey();

    /** The main chain's block hashes from {@code fromHeight} on, at most {@code max}, read at one moment. */
    List<byte[]> mainChainHashes(long fromHeight, int max);

    /**
     * The main chain's hashes at the heights {@code heights} picks for the head's height, read at one
     * moment (no reorganisation between): a block locator.
     */
    List<byte[]> mainChainHashesAt(LongFunction<long[]> heights);

    /** The height of a stored block if it is on the main chain. */
    OptionalLong mainChainHeight(byte[] hash);

    /** A transaction waiting in the mempool. */
    Optional<Transaction> pendingTransaction(byte[] id);

    /** The ids of transactions waiting in the mempool, at most {@code max}, in no particular order. */
    List<byte[]> pendingTransactionIds(int max);

    /** Tells {@code watcher} of every block that joins the main chain and every transaction admitted, from now on. */
    void watch(LedgerWatcher watcher);

    void unwatch(LedgerWatcher watcher);
}
