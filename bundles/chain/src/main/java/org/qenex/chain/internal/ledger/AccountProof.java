package org.qenex.chain.internal.ledger;

import java.util.List;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.StateCommitment;

/**
 * The path from a block's state commitment to an account, read at one moment (docs/chain-format.md,
 * "Account proofs").
 *
 * @param block the head the proof is for: its header carries the commitment
 * @param id the account
 * @param account its state ({@link Account#EMPTY} when it does not exist)
 * @param commitment the parts of the block's state commitment
 * @param siblings the hashes beside the path, root first
 * @param other when the account does not exist and the path ends at another account's leaf: that account, else {@code null}
 * @param otherAccount that account's state, or {@code null}
 */
public record AccountProof(Block block, AccountId id, Account account, StateCommitment commitment, List<byte[]> siblings,
        AccountId other, Account otherAccount) {

    public boolean included() {
        return !account.isEmpty();
    }
}
