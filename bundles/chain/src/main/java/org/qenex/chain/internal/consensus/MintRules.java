package org.qenex.chain.internal.consensus;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.StateChanges;

/**
 * Proof of Improvement minting: a mint entry is valid only for a proof the verifier confirmed,
 * not rewarded before, with a claim equal to the {@link RewardSchedule} and within the cap. The
 * reward is split with the contributor's parent ({@link RewardSplit}).
 */
public final class MintRules {

    private final ChainParameters params;
    private final RewardSchedule schedule;

    public MintRules(ChainParameters params) {
        this.params = params;
        this.schedule = new RewardSchedule(params);
    }

    public RewardSchedule schedule() {
        return schedule;
    }

    /** The proof in {@code entry}, decoded and with a valid contributor address. */
    public static ImprovementProof proofOf(MintEntry entry) throws ChainException {
        try {
            ImprovementProof proof = entry.proof();
            Address.parse(proof.contributor());
            return proof;
        } catch (IllegalArgumentException e) {
            throw new ChainException(ChainError.BAD_PROOF, e.getMessage());
        }
    }

    /** Checks {@code entry} against the state in {@code changes} and mints it there. */
    public void apply(MintEntry entry, StateChanges changes, ProofCheck check) throws ChainException {
        ImprovementProof proof = proofOf(entry);
        String proofId = entry.proofId();
        if (changes.isRewarded(proofId)) {
            throw new ChainException(ChainError.PROOF_ALREADY_REWARDED, "proof " + proofId + " was rewarded already");
        }
        long gain = proof.bestGainPpm();
        if (gain < params.minGainPpm()) {
            throw new ChainException(ChainError.PROOF_GAIN_TOO_SMALL, "gain " + gain + " ppm, the minimum is "
                    + params.minGainPpm());
        }
        if (!check.verified(proof)) {
            throw new ChainException(ChainError.PROOF_NOT_VERIFIED, "proof " + proofId + " was not verified");
        }
        long minted = changes.minted();
        long claimed = entry.reward();
        if (claimed < 0 || claimed > schedule.room(minted)) {
            throw new ChainException(ChainError.REWARD_ABOVE_CAP, "claim " + claimed + " with " + minted
                    + " minted exceeds the cap " + params.maxSupply());
        }
        long expected = schedule.reward(minted, gain);
        if (claimed > expected) {
            throw new ChainException(ChainError.REWARD_ABOVE_SCHEDULE, "claim " + claimed + ", schedule " + expected);
        }
        if (claimed < expected) {
            throw new ChainException(ChainError.REWARD_BELOW_SCHEDULE, "claim " + claimed + ", schedule " + expected);
        }
        AccountId contributor = Address.parse(proof.contributor());
        Account account = changes.account(contributor);
        RewardSplit split = RewardSplit.of(claimed, account.parent() != null, params.parentShareBasisPoints());
        changes.put(contributor, account.credit(split.toAccount()));
        if (split.toParent() > 0) {
            changes.put(account.parent(), changes.account(account.parent()).credit(split.toParent()));
        }
        changes.setMinted(Math.addExact(minted, claimed));
        changes.markRewarded(proofId);
    }
}
