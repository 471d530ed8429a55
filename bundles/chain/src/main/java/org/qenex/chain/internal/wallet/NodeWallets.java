package org.qenex.chain.internal.wallet;

import java.io.IOException;
import java.util.List;

import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The node's wallets used against its ledger: create, list, send and set-parent, signed inside the node. */
public interface NodeWallets {

    WalletInfo create(String name, char[] passphrase) throws IOException;

    List<WalletInfo> list() throws IOException;

    /** Signs and submits a transfer; returns the transaction id. */
    byte[] send(String name, char[] passphrase, AccountId to, long amount, long fee) throws Exception;

    /** Makes wallet {@code parent} the parent of wallet {@code child}; both sign. Returns the transaction id. */
    byte[] setParent(String child, char[] childPassphrase, String parent, char[] parentPassphrase, long fee) throws Exception;

    /** The implementation over a {@link WalletStore} and a {@link Ledger}. */
    static NodeWallets over(WalletStore store, Ledger ledger) {
        return new NodeWallets() {
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
                Transaction tx = store.withKey(name, passphrase, key -> TransactionCodec.transfer(ledger.parameters().chainId(),
                        key, to, amount, fee, ledger.account(key.account()).nonce()));
                return submit(tx);
            }

            @Override
            public byte[] setParent(String child, char[] childPassphrase, String parent, char[] parentPassphrase, long fee)
                    throws Exception {
                Transaction tx = store.withKey(child, childPassphrase, childKey -> store.withKey(parent, parentPassphrase,
                        parentKey -> TransactionCodec.setParent(ledger.parameters().chainId(), childKey, parentKey, fee,
                                ledger.account(childKey.account()).nonce())));
                return submit(tx);
            }

            private byte[] submit(Transaction tx) throws ChainException {
                return ledger.submit(tx.encoded());
            }
        };
    }
}
