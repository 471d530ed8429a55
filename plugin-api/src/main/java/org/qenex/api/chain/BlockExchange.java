package org.qenex.api.chain;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a network needs of the ledger: blocks and transactions in their wire encodings
 * ({@code docs/chain-format.md}), every one fully validated on the way in. Provided by the chain
 * bundle, used by the network bundle; nothing here trusts its caller, so bad input from a peer gets
 * a verdict, never an exception.
 *
 * @since 1.2.0
 */
@ProviderType
public interface BlockExchange {

    /** What became of a block handed to {@link #importBlock(byte[])}. */
    enum BlockVerdict {
        /** It extends the main chain. */
        EXTENDED,
        /** Its branch became the main chain (fork choice). */
        REORGANISED,
        /** It is valid and stored on a branch that is not (yet) the main chain. */
        SIDE_BRANCH,
        /** It was stored already. */
        ALREADY_KNOWN,
        /** Its parent is unknown: fetch the ancestors (see {@link #locator()}) and try again. */
        ORPHAN,
        /** It breaks a rule; {@code reason} names it (the error codes of {@code docs/chain-format.md}). */
        INVALID,
        /** It would reorganise deeper than the finality depth: refused, and reported. */
        TOO_DEEP,
        /**
         * It could not be judged here yet: an improvement proof it carries is one this node cannot
         * check now (its parent version not yet verified here, the verifier busy or failing, task data
         * this node lacks). Not invalid: neither the block nor its sender is held against; the block is
         * not stored and is taken again when it comes again (a later block built on it is an
         * {@link #ORPHAN} that brings it back). {@code reason} names the proof and why.
         *
         * @since 1.3.0
         */
        DEFERRED
    }

    /**
     * A block verdict with its reason: an error code for {@link BlockVerdict#INVALID} and
     * {@link BlockVerdict#TOO_DEEP}, why for {@link BlockVerdict#DEFERRED}, empty otherwise.
     */
    record BlockImport(BlockVerdict verdict, String reason) {
    }

    /** What became of a transaction handed to {@link #admitTransaction(byte[])}. */
    enum TransactionVerdict {
        /** Admitted to the mempool now. */
        ADMITTED,
        /** Pending or confirmed already. */
        KNOWN,
        /** Refused; {@code reason} names the rule (an error code of {@code docs/chain-format.md}). */
        REJECTED
    }

    /** A transaction verdict with its reason, empty unless {@link TransactionVerdict#REJECTED}. */
    record TransactionAdmission(TransactionVerdict verdict, String reason) {
    }

    /** Decodes and validates a block with every consensus rule, and imports it. */
    BlockImport importBlock(byte[] encoded);

    /** Decodes and validates a transaction with every admission rule, and admits it to the mempool. */
    TransactionAdmission admitTransaction(byte[] encoded);

    /**
     * Admits several transactions in their order, as {@link #admitTransaction(byte[])} would one by
     * one, but may wait for their durable storage once for all of them (a peer's batch): a caller on
     * one thread then admits as fast as the store commits batches, not single transactions.
     *
     * @return one verdict per transaction, in order
     * @since 1.4.0
     */
    default List<TransactionAdmission> admitTransactions(List<byte[]> encoded) {
        return encoded.stream().map(this::admitTransaction).toList();
    }

    /** A stored block (main chain or side branch) in its wire encoding. */
    Optional<byte[]> block(byte[] hash);

    /** The main chain's block hashes at {@code fromHeight} and after, at most {@code max}, in height order. */
    List<byte[]> mainChainHashes(long fromHeight, int max);

    /**
     * A block locator of the main chain: the head, then back by 1, 2, 4, 8, ... blocks, ending with
     * genesis (as Bitcoin's {@code getheaders}).
     */
    List<byte[]> locator();

    /**
     * The height of the highest hash of a peer's locator that is on this node's main chain: where a
     * peer's chain and ours part; 0 (genesis) if none is known.
     */
    long forkPoint(List<byte[]> locator);

    /** A transaction waiting in the mempool, in its wire encoding. */
    Optional<byte[]> pendingTransaction(byte[] id);

    /**
     * The ids of transactions waiting in the mempool, at most {@code max}: what a peer that joins
     * is told of, so that it can fetch the ones it lacks.
     *
     * @since 1.3.0
     */
    List<byte[]> pendingTransactionIds(int max);

    /** Whether a transaction is pending or confirmed on the main chain. */
    boolean knowsTransaction(byte[] id);

    /**
     * Told of what may be relayed: blocks as they join the main chain (produced here or imported)
     * and transactions as they are admitted. A whiteboard service; the chain calls it from its own
     * thread, after the change is durable, never while holding a lock, so a listener may call back
     * into the {@link BlockExchange}. Nothing invalid is ever passed.
     *
     * @since 1.2.0
     */
    @ConsumerType
    interface Listener {

        /** A block joined the main chain. */
        void blockConnected(byte[] hash, long height, byte[] encoded);

        /** A transaction was admitted to the mempool. */
        void transactionAdmitted(byte[] id, byte[] encoded);
    }
}
