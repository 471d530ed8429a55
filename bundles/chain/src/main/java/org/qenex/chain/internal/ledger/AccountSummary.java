package org.qenex.chain.internal.ledger;

import java.util.List;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * An account as the API shows it.
 *
 * @param id the account
 * @param balance units held at the head
 * @param nonce the nonce its next transaction must carry, counting pending ones
 * @param confirmedNonce the nonce at the head
 * @param parent its parent, or {@code null}
 * @param children its children (the first 1,000)
 */
public record AccountSummary(AccountId id, long balance, long nonce, long confirmedNonce, AccountId parent,
        List<AccountId> children) {
}
