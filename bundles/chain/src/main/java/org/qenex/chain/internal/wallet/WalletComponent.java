package org.qenex.chain.internal.wallet;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.Ledger;

/** The node's wallets as a service for the shell and REST. */
@Component(service = NodeWallets.class, configurationPid = "org.qenex.chain.wallets")
@Designate(ocd = WalletConfiguration.class)
public final class WalletComponent implements NodeWallets {

    private final NodeWallets wallets;

    @Activate
    public WalletComponent(@Reference Ledger ledger, WalletConfiguration config, BundleContext context) {
        Path dir;
        if (config.directory().isBlank()) {
            String data = context.getProperty("karaf.data");
            dir = Path.of(data == null ? "data" : data, "qenex", "chain", "wallets");
        } else {
            dir = Path.of(config.directory());
        }
        int cost = Integer.highestOneBit(Math.max(1024, config.scryptCost()));
        this.wallets = NodeWallets.over(new WalletStore(dir, cost, new SecureRandom()), ledger);
    }

    @Override
    public WalletInfo create(String name, char[] passphrase) throws IOException {
        return wallets.create(name, passphrase);
    }

    @Override
    public List<WalletInfo> list() throws IOException {
        return wallets.list();
    }

    @Override
    public byte[] send(String name, char[] passphrase, AccountId to, long amount, long fee) throws Exception {
        return wallets.send(name, passphrase, to, amount, fee);
    }

    @Override
    public byte[] setParent(String child, char[] childPassphrase, String parent, char[] parentPassphrase, long fee)
            throws Exception {
        return wallets.setParent(child, childPassphrase, parent, parentPassphrase, fee);
    }
}
