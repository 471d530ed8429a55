package org.qenex.chain.internal.consensus;

import java.util.HexFormat;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.chain.internal.block.MintEntry;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.Ed25519;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.state.ModelLink;
import org.qenex.chain.internal.state.StateChanges;

/**
 * Proof of Improvement minting: a mint entry is valid only for a proof signed by its contributor,
 * extending the tip of the model's version chain with predictions no rewarded version had, not
 * rewarded before, confirmed by the verifier, with a claim equal to the {@link RewardSchedule} and
 * within the cap. The reward is split with the contributor's parent ({@link RewardSplit}); the
 * proof's version becomes the tip.
 *
 * <p>A proof the verifier cannot check here (undecided) is no verdict: {@code proof_undecided}, which
 * defers the block instead of refusing it ({@link ChainError#deferred()}).
 *
 * <p>The order of the checks is consensus (it decides which code a block with several faults
 * gets): the cheap, state-only checks come before the verifier, which retrains.
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

    /**
     * Whether the contributor signed this proof's candidate: the key hashes to the contributor's
     * address ({@code contributor_key_mismatch}) and the signature over the candidate statement
     * verifies ({@code bad_contributor_signature}).
     */
    public static void checkContributor(ImprovementProof proof, AccountId contributor) throws ChainException {
        byte[] key = HexFormat.of().parseHex(proof.contributorKey());
        if (!AccountId.ofPublicKey(key).equals(contributor)) {
            throw new ChainException(ChainError.CONTRIBUTOR_KEY_MISMATCH, "the contributor key belongs to "
                    + AccountId.ofPublicKey(key).address() + ", not to the contributor " + proof.contributor());
        }
        if (!Ed25519.verify(key, proof.statement(), HexFormat.of().parseHex(proof.contributorSignature()))) {
            throw new ChainException(ChainError.BAD_CONTRIBUTOR_SIGNATURE, "the contributor's signature of the candidate"
                    + " on parent " + proof.parentVersionHash() + " does not verify");
        }
    }

    /**
     * Whether {@code proof} extends the model's version chain in {@code state}: its version was not
     * rewarded, its parent has no rewarded child and is the tip, and its fingerprint is new.
     */
    public static void checkVersionChain(ImprovementProof proof, LedgerView state) throws ChainException {
        if (state.rewardedVersion(proof.versionHash()).isPresent() || ModelLink.GENESIS_VERSION.equals(proof.versionHash())) {
            throw new ChainException(ChainError.PROOF_ALREADY_REWARDED, "version " + proof.versionHash()
                    + " was rewarded already");
        }
        if (state.hasRewardedChild(proof.parentVersionHash())) {
            throw new ChainException(ChainError.PROOF_PARENT_REWARDED, "a child of version " + proof.parentVersionHash()
                    + " was rewarded already; the tip is " + state.modelTip());
        }
        if (!state.modelTip().equals(proof.parentVersionHash())) {
            throw new ChainException(ChainError.PROOF_PARENT_NOT_TIP, "the proof extends " + proof.parentVersionHash()
                    + ", the tip of the model's version chain is " + state.modelTip());
        }
        if (state.isFingerprintRewarded(proof.predictionFingerprint())) {
            throw new ChainException(ChainError.PROOF_FINGERPRINT_REWARDED, "a rewarded version predicts exactly the same"
                    + " (fingerprint " + proof.predictionFingerprint() + ")");
        }
    }

    /** Checks {@code entry} against the state in {@code changes} and mints it there. */
    public void apply(MintEntry entry, StateChanges changes, ProofCheck check) throws ChainException {
        ImprovementProof proof = proofOf(entry);
        String proofId = entry.proofId();
        if (changes.isRewarded(proofId)) {
            throw new ChainException(ChainError.PROOF_ALREADY_REWARDED, "proof " + proofId + " was rewarded already");
        }
        AccountId contributor = Address.parse(proof.contributor());
        checkContributor(proof, contributor);
        checkVersionChain(proof, changes);
        long gain = proof.bestGainPpm();
        if (gain < params.minGainPpm()) {
            throw new ChainException(ChainError.PROOF_GAIN_TOO_SMALL, "gain " + gain + " ppm, the minimum is "
                    + params.minGainPpm());
        }
        VerificationResult verdict = check.check(proof);
        if (verdict.undecided()) {
            throw new ChainException(ChainError.PROOF_UNDECIDED, "proof " + proofId + " cannot be checked here yet: "
                    + verdict.reason());
        }
        if (!verdict.valid()) {
            throw new ChainException(ChainError.PROOF_NOT_VERIFIED, "proof " + proofId + " does not reproduce: "
                    + verdict.reason());
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
        Account account = changes.account(contributor);
        RewardSplit split = RewardSplit.of(claimed, account.parent() != null, params.parentShareBasisPoints());
        changes.put(contributor, account.credit(split.toAccount()));
        if (split.toParent() > 0) {
            changes.put(account.parent(), changes.account(account.parent()).credit(split.toParent()));
        }
        changes.setMinted(Math.addExact(minted, claimed));
        changes.markRewarded(proofId);
        changes.addVersion(new ModelLink(proof.versionHash(), proof.parentVersionHash(), proof.predictionFingerprint()));
        changes.setModelTip(proof.versionHash());
    }
}
