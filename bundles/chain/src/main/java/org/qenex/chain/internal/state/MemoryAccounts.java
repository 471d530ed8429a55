package org.qenex.chain.internal.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.qenex.chain.internal.crypto.AccountId;

/** Accounts in a sorted map: for states that are never stored (replays, verification, tests). */
public final class MemoryAccounts implements AccountRecords {

    private final TreeMap<AccountId, Account> accounts = new TreeMap<>();

    @Override
    public Account get(AccountId id) {
        return accounts.get(id);
    }

    @Override
    public void apply(Map<AccountId, Account> changes) {
        changes.forEach((id, account) -> {
            if (account.isEmpty()) {
                accounts.remove(id);
            } else {
                accounts.put(id, account);
            }
        });
    }

    @Override
    public void forEach(BiConsumer<AccountId, Account> action) {
        accounts.forEach(action);
    }
}
