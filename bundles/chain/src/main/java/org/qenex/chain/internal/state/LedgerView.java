package org.qenex.chain.internal.state;

import java.util.Iterator;
import java.util.Map;
import java.util.SortedSet;

import org.qenex.chain.internal.crypto.AccountId;

/** Read access to a ledger state: the committed one or one with changes layered on top. */
public interface LedgerView {

    /** The account, {@link Account#EMPTY} if it was never used. */
    Account account(AccountId id);

    /** Units minted so far. */
    long minted();

    /** Whether a proof (hex id) was already rewarded. */
    boolean isRewarded(String proofId);

    /** Every non-empty account with its leaf hash, in account id order. */
    Iterator<Map.Entry<AccountId, byte[]>> leaves();

    /** Every rewarded proof id, sorted. */
    SortedSet<String> rewardedProofs();

    /** The state commitment of this view. */
    default byte[] commitment() {
        return StateCommitment.of(this);
    }
}
