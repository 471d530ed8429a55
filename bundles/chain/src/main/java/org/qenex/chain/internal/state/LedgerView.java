package org.qenex.chain.internal.state;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
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

    /** The root of the accounts' sparse Merkle tree ({@link AccountTree}). */
    byte[] accountsRoot();

    /** The tree update that sets {@code changes} on top of this view, against the stored tree at the bottom. */
    AccountTree.Update prepareAccounts(Map<AccountId, Account> changes);

    /** Every rewarded proof id, sorted. */
    SortedSet<String> rewardedProofs();

    /** The tip of the model's version chain: the last rewarded version, {@link ModelLink#GENESIS_VERSION} before any. */
    String modelTip();

    /** The rewarded version with this hash, if there is one. */
    Optional<ModelLink> rewardedVersion(String versionHash);

    /** Whether a version with this parent was rewarded (a parent has at most one rewarded child). */
    boolean hasRewardedChild(String parentHash);

    /** Whether a rewarded version had this prediction fingerprint. */
    boolean isFingerprintRewarded(String fingerprint);

    /** Every rewarded version, by version hash. */
    SortedMap<String, ModelLink> rewardedVersions();

    /**
     * The Merkle root over the rewarded proofs ({@link StateCommitment}); a view may keep it
     * while its proofs do not change (callers must not modify the array).
     */
    default byte[] proofsRoot() {
        return StateCommitment.proofsRoot(rewardedProofs());
    }

    /** The Merkle root over the rewarded versions ({@link StateCommitment}); kept like {@link #proofsRoot()}. */
    default byte[] versionsRoot() {
        return StateCommitment.versionsRoot(rewardedVersions().values());
    }

    /** The state commitment of this view. */
    default byte[] commitment() {
        return StateCommitment.of(this);
    }
}
