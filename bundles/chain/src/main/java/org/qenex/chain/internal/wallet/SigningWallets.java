package org.qenex.chain.internal.wallet;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * {@link NodeWallets} over key files and the ledger. A wallet's next nonce is read, signed into the
 * transaction and submitted under that account's lock, so parallel sends from one wallet get
 * consecutive nonces instead of racing for the same one ({@code nonce_replayed}). The slow part,
 * unlocking the key (scrypt), runs before the lock.
 */
@Component(service = NodeWallets.class)
public final class SigningWallets implements NodeWallets {

    private final WalletStore store;
    private final Ledger ledger;
    /** One per account that ever sent: the node's own wallets, so a handful. */
    private final Map<AccountId, ReentrantLock> sending = new ConcurrentHashMap<>();

    @Activate
    public SigningWallets(@Reference WalletStore store, @Reference Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    @Override
    public WalletInfo create(String name, char[] passphrase) throws IOException {
        return store.create(name, passphrase);
    }

    @Override
    public List<WalletInfo> list() throws IOException {
        return store.list();
    }

    @Override
    public byte[] send(String name, char[] passphrase, AccountId to, long amount, long fee) throws Exception {
        String chainId = ledger.parameters().chainId();
        return store.withKey(name, passphrase, key -> submitInTurn(key,
                nonce -> TransactionCodec.transfer(chainId, key, to, amount, fee, nonce)));
    }

    @Override
    public byte[] setParent(String child, char[] childPassphrase, String parent, char[] parentPassphrase, long fee)
            throws Exception {
        if (store.find(parent).isEmpty()) {
            // the body's wallet, not the path's: a 400, and no key unlocked for nothing
            throw new IllegalArgumentException("no wallet named " + parent + " to be the parent");
        }
        String chainId = ledger.parameters().chainId();
        return store.withKey(child, childPassphrase, childKey -> store.withKey(parent, parentPassphrase,
                parentKey -> submitInTurn(childKey,
                        nonce -> TransactionCodec.setParent(chainId, childKey, parentKey, fee, nonce))));
    }

    /** A transaction of {@code sender}'s built for a nonce. */
    @FunctionalInterface
    private interface Signing {
        Transaction sign(long nonce) throws Exception;
    }

    private byte[] submitInTurn(KeyPair sender, Signing signing) throws Exception {
        ReentrantLock lock = sending.computeIfAbsent(sender.account(), a -> new ReentrantLock());
        lock.lock();
        try {
            // the next nonce counts the sender's pending transactions, this node's earlier sends among them
            Transaction tx = signing.sign(ledger.account(sender.account()).nonce());
            return ledger.submit(tx.encoded());
        } finally {
            lock.unlock();
        }
    }
}
