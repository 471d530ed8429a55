package org.qenex.chain.internal.error;

/**
 * Why a transaction or block was refused. The {@link #code()} strings are stable: they appear in
 * REST error bodies and in the consensus test vectors, so renaming one is a breaking change.
 */
public enum ChainError {
    // transactions, without state
    BAD_ENCODING("bad_encoding"),
    WRONG_CHAIN_ID("wrong_chain_id"),
    TX_OVERSIZED("tx_oversized"),
    AMOUNT_NOT_POSITIVE("amount_not_positive"),
    AMOUNT_OVERFLOW("amount_overflow"),
    FEE_TOO_LOW("fee_too_low"),
    BAD_SIGNATURE("bad_signature"),
    // transactions, against the state
    NONCE_REPLAYED("nonce_replayed"),
    NONCE_SKIPPED("nonce_skipped"),
    INSUFFICIENT_BALANCE("insufficient_balance"),
    PARENT_ALREADY_SET("parent_already_set"),
    PARENT_CYCLE("parent_cycle"),
    // mempool
    DUPLICATE("duplicate"),
    MEMPOOL_FULL("mempool_full"),
    SENDER_LIMIT("sender_limit"),
    /** The store refused to keep an admitted transaction: it was not admitted after all. */
    NOT_STORED("not_stored"),
    // blocks
    BLOCK_OVERSIZED("block_oversized"),
    BAD_HEIGHT("bad_height"),
    UNKNOWN_PARENT("unknown_parent"),
    BAD_MERKLE_ROOT("bad_merkle_root"),
    BAD_MINT_ROOT("bad_mint_root"),
    BAD_STATE_COMMITMENT("bad_state_commitment"),
    UNKNOWN_PRODUCER("unknown_producer"),
    BAD_PRODUCER_SIGNATURE("bad_producer_signature"),
    TIMESTAMP_TOO_FAR_AHEAD("timestamp_too_far_ahead"),
    TIMESTAMP_NOT_INCREASING("timestamp_not_increasing"),
    DOUBLE_SPEND("double_spend"),
    BAD_PROOF("bad_proof"),
    /** The verifier found that the proof does not reproduce: the block is invalid. */
    PROOF_NOT_VERIFIED("proof_not_verified"),
    /**
     * The verifier could not check the proof here (yet): no verdict. The block is deferred, neither
     * stored nor marked invalid, and checked again when it comes again. Never a consensus verdict, so
     * never in a test vector.
     */
    PROOF_UNDECIDED("proof_undecided"),
    PROOF_ALREADY_REWARDED("proof_already_rewarded"),
    PROOF_GAIN_TOO_SMALL("proof_gain_too_small"),
    // the contributor's binding and the model's version chain
    BAD_CONTRIBUTOR_SIGNATURE("bad_contributor_signature"),
    CONTRIBUTOR_KEY_MISMATCH("contributor_key_mismatch"),
    PROOF_PARENT_NOT_TIP("proof_parent_not_tip"),
    PROOF_PARENT_REWARDED("proof_parent_rewarded"),
    PROOF_FINGERPRINT_REWARDED("proof_fingerprint_rewarded"),
    REWARD_ABOVE_CAP("reward_above_cap"),
    REWARD_ABOVE_SCHEDULE("reward_above_schedule"),
    REWARD_BELOW_SCHEDULE("reward_below_schedule"),
    REORG_TOO_DEEP("reorg_too_deep"),
    /** The block, or (for {@link #INVALID_PARENT}) its parent, was found invalid before: refused without validating again. */
    KNOWN_INVALID("known_invalid"),
    INVALID_PARENT("invalid_parent"),
    // the proposer schedule
    /** The block's slot is not after its parent's: at most one block per slot on a chain. */
    SLOT_TAKEN("slot_taken"),
    /** An out-of-turn block made before its producer's grace into the slot had passed. */
    OUT_OF_TURN_TOO_EARLY("out_of_turn_too_early");

    private final String code;

    ChainError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether this is no verdict on the block, only this node's inability to judge it now. */
    public boolean deferred() {
        return this == PROOF_UNDECIDED;
    }

    public static ChainError ofCode(String code) {
        for (ChainError error : values()) {
            if (error.code.equals(code)) {
                return error;
            }
        }
        throw new IllegalArgumentException("unknown error code " + code);
    }
}
