package org.qenex.chain.internal.wallet;

import java.io.IOException;
import java.util.List;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * The node's wallets used against its ledger: create, list, send and set-parent, signed inside the
 * node ({@link SigningWallets}).
 */
public interface NodeWallets {

    WalletInfo create(String name, char[] passphrase) throws IOException;

    List<WalletInfo> list() throws IOException;

    /** Signs and submits a transfer; returns the transaction id. */
    byte[] send(String name, char[] passphrase, AccountId to, long amount, long fee) throws Exception;

    /** Makes wallet {@code parent} the parent of wallet {@code child}; both sign. Returns the transaction id. */
    byte[] setParent(String child, char[] childPassphrase, String parent, char[] parentPassphrase, long fee) throws Exception;
}
