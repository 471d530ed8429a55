package org.qenex.chain.internal.wallet;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.Ledger;

/**
 * The node's wallets as a service for the shell and REST, and as the {@link ContributorKeys} that
 * sign the candidates the node's shell, REST and improver submit.
 */
@Component(service = {NodeWallets.class, ContributorKeys.class, MiningKeys.class}, configurationPid = "org.qenex.chain.wallets")
@Designate(ocd = WalletConfiguration.class)
public final class WalletComponent implements NodeWallets, ContributorKeys, MiningKeys {

    private final NodeWallets wallets;
    private final CandidateSigner signer;

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
        WalletStore store = new WalletStore(dir, cost, new SecureRandom());
        this.wallets = NodeWallets.over(store, ledger);
        this.signer = new CandidateSigner(store);
    }

    /** Unlocked keys leave memory with the component. */
    @Deactivate
    void deactivate() {
        signer.lockAll();
    }

    @Override
    public ContributorSignature sign(String wallet, char[] passphrase, String parentVersionHash, String candidate) {
        return signer.sign(wallet, passphrase, parentVersionHash, candidate);
    }

    @Override
    public Optional<ContributorSignature> signUnlocked(String contributor, String parentVersionHash, String candidate) {
        return signer.signUnlocked(contributor, parentVersionHash, candidate);
    }

    @Override
    public String unlock(String wallet, char[] passphrase) {
        return signer.unlock(wallet, passphrase);
    }

    @Override
    public boolean isUnlocked(String address) {
        return signer.isUnlocked(address);
    }

    @Override
    public void lockAll() {
        signer.lockAll();
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
