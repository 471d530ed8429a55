package org.qenex.chain.internal.ledger;

import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;

import org.qenex.api.storage.Namespace;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.AccountRecords;

/**
 * The head's accounts in {@code chain.accounts}, behind a {@link HeadCache}: the state no longer
 * holds every account in the heap. The chain's batches write the accounts a block changed and pin
 * their old values until the state applies the block.
 */
final class StoredAccounts implements AccountRecords {

    private final Namespace<byte[], byte[]> namespace;
    private final ChainDatabase db;
    private final HeadCache<AccountId, Account> cache;

    StoredAccounts(Namespace<byte[], byte[]> namespace, ChainDatabase db, int cacheSize) {
        this.namespace = namespace;
        this.db = db;
        this.cache = new HeadCache<>(cacheSize);
    }

    @Override
    public Account get(AccountId id) {
        return cache.get(id, this::load);
    }

    private Account load(AccountId id) {
        return namespace.get(id.bytes()).map(Account::decode).orElse(null);
    }

    void pin(Collection<AccountId> ids) {
        cache.pin(ids, this::load);
    }

    void unpin() {
        cache.unpin();
    }

    @Override
    public void apply(Map<AccountId, Account> changes) {
        cache.apply(changes);
    }

    /** Reads the store, page by page: what is committed, which may be a batch ahead of the state between commit and apply. */
    @Override
    public void forEach(BiConsumer<AccountId, Account> action) {
        db.forEachAccount(action);
    }

    void forget() {
        cache.clear();
    }
}
