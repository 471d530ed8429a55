package org.qenex.chain.internal.wallet;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.chain.internal.crypto.KeyPair;

/**
 * Node wallets signing candidates ({@link ContributorKeys}): once with a passphrase, or unattended
 * for wallets unlocked for mining ({@link MiningKeys}), whose keys it then holds in memory until
 * mining stops or the bundle does. It signs nothing but {@link CandidateStatement}s. The node's
 * shell, REST and improver get it as their {@link ContributorKeys}.
 */
@Component(service = {ContributorKeys.class, MiningKeys.class})
public final class CandidateSigner implements ContributorKeys, MiningKeys {

    private final WalletStore store;
    private final Map<String, KeyPair> unlocked = new ConcurrentHashMap<>();

    @Activate
    public CandidateSigner(@Reference WalletStore store) {
        this.store = store;
    }

    /** Unlocked keys leave memory with the component. */
    @Deactivate
    void deactivate() {
        lockAll();
    }

    @Override
    public ContributorSignature sign(String wallet, char[] passphrase, String parentVersionHash, String candidate) {
        return unlocking(wallet, passphrase, key -> signature(key, parentVersionHash, candidate));
    }

    @Override
    public Optional<ContributorSignature> signUnlocked(String contributor, String parentVersionHash, String candidate) {
        KeyPair key = contributor == null ? null : unlocked.get(contributor);
        return key == null ? Optional.empty() : Optional.of(signature(key, parentVersionHash, candidate));
    }

    @Override
    public String unlock(String wallet, char[] passphrase) {
        KeyPair key = unlocking(wallet, passphrase, k -> k);
        unlocked.put(key.address(), key);
        return key.address();
    }

    @Override
    public boolean isUnlocked(String address) {
        return unlocked.containsKey(address);
    }

    @Override
    public void lockAll() {
        unlocked.clear();
    }

    private static ContributorSignature signature(KeyPair key, String parent, String candidate) {
        byte[] statement = CandidateStatement.bytes(parent, key.address(), candidate);
        return new ContributorSignature(key.address(), HexFormat.of().formatHex(key.publicKey()),
                HexFormat.of().formatHex(key.sign(statement)));
    }

    private <T> T unlocking(String wallet, char[] passphrase, WalletStore.KeyUse<T> use) {
        try {
            return store.withKey(wallet, passphrase, use);
        } catch (WrongPassphraseException e) {
            throw new SecurityException("wrong passphrase for wallet " + wallet, e);
        } catch (IllegalArgumentException | WalletsBusyException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("wallet " + wallet + " cannot be read: " + e.getMessage(), e);
        }
    }
}
