package org.qenex.chain.internal.consensus;

import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionKind;

/** The rules a transaction must meet, the same for the mempool and for blocks. */
public final class TransactionRules {

    private final ChainParameters params;
    private final SignatureCache signatures;

    public TransactionRules(ChainParameters params, SignatureCache signatures) {
        this.params = params;
        this.signatures = signatures;
    }

    public ChainParameters parameters() {
        return params;
    }

    /** Everything that does not depend on the state, signatures included. */
    public void checkStateless(Transaction tx) throws ChainException {
        if (!params.chainId().equals(tx.chainId())) {
            throw new ChainException(ChainError.WRONG_CHAIN_ID, "transaction for chain '" + tx.chainId() + "', this is '"
                    + params.chainId() + "'");
        }
        if (tx.size() > params.maxTransactionBytes()) {
            throw new ChainException(ChainError.TX_OVERSIZED, tx.size() + " bytes");
        }
        if (tx.kind() == TransactionKind.TRANSFER) {
            if (tx.amount() <= 0) {
                throw new ChainException(ChainError.AMOUNT_NOT_POSITIVE, "amount " + tx.amount());
            }
            if (tx.amount() > params.maxSupply()) {
                throw new ChainException(ChainError.AMOUNT_OVERFLOW, "amount above the maximum supply");
            }
        }
        if (tx.fee() < params.minFee()) {
            throw new ChainException(ChainError.FEE_TOO_LOW, "fee " + tx.fee() + " below the minimum " + params.minFee());
        }
        if (tx.fee() > params.maxSupply()) {
            throw new ChainException(ChainError.AMOUNT_OVERFLOW, "fee above the maximum supply");
        }
        cost(tx);
        signatures.check(tx);
    }

    /** What the sender pays: amount plus fee, exactly. */
    public static long cost(Transaction tx) throws ChainException {
        try {
            return Math.addExact(tx.amount(), tx.fee());
        } catch (ArithmeticException e) {
            throw new ChainException(ChainError.AMOUNT_OVERFLOW, "amount plus fee overflows");
        }
    }

    /** Checks {@code tx} against the state in {@code changes} and applies it there; returns its fee. */
    public long apply(Transaction tx, StateChanges changes) throws ChainException {
        Account sender = changes.account(tx.sender());
        checkNonce(tx, sender.nonce());
        long cost = cost(tx);
        if (sender.balance() < cost) {
            throw new ChainException(ChainError.INSUFFICIENT_BALANCE, tx.sender() + " holds " + sender.balance()
                    + ", needs " + cost);
        }
        if (tx.kind() == TransactionKind.SET_PARENT) {
            checkParent(tx.sender(), sender, tx.parent(), changes);
            changes.put(tx.sender(), new Account(sender.balance() - cost, sender.nonce() + 1, tx.parent()));
        } else {
            changes.put(tx.sender(), new Account(sender.balance() - cost, sender.nonce() + 1, sender.parent()));
            Account recipient = changes.account(tx.recipient());
            try {
                changes.put(tx.recipient(), recipient.credit(tx.amount()));
            } catch (ArithmeticException e) {
                throw new ChainException(ChainError.AMOUNT_OVERFLOW, "recipient balance overflows");
            }
        }
        return tx.fee();
    }

    public static void checkNonce(Transaction tx, long expected) throws ChainException {
        if (tx.nonce() < expected) {
            throw new ChainException(ChainError.NONCE_REPLAYED, "nonce " + tx.nonce() + " already used; next is " + expected);
        }
        if (tx.nonce() > expected) {
            throw new ChainException(ChainError.NONCE_SKIPPED, "nonce " + tx.nonce() + " skips ahead; next is " + expected);
        }
    }

    /** A parent is set once, and never so that an account becomes its own ancestor. */
    public static void checkParent(AccountId child, Account childAccount, AccountId parent, LedgerView state)
            throws ChainException {
        if (childAccount.parent() != null) {
            throw new ChainException(ChainError.PARENT_ALREADY_SET, child + " already has the parent " + childAccount.parent());
        }
        AccountId ancestor = parent;
        while (ancestor != null) {
            if (ancestor.equals(child)) {
                throw new ChainException(ChainError.PARENT_CYCLE, "making " + parent + " the parent of " + child
                        + " would make a cycle");
            }
            ancestor = state.account(ancestor).parent();
        }
    }
}
