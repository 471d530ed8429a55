package org.qenex.api.improvement;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Signs candidates for the wallets this node holds (provided by the chain), so that a candidate
 * submitted through the node's shell or REST, or proposed by its improver, carries its
 * contributor's signature like one signed outside. It signs only {@link CandidateStatement}s,
 * never other bytes, so a caller cannot make a wallet sign a transaction.
 *
 * @since 2.0.0
 */
@ProviderType
public interface ContributorKeys {

    /**
     * Unlocks node wallet {@code wallet} with {@code passphrase}, signs the statement of
     * {@code candidate} on {@code parentVersionHash} for the wallet's address, and forgets the key.
     *
     * @throws IllegalArgumentException for an unknown wallet or a malformed parent
     * @throws SecurityException for a wrong passphrase
     * @throws IllegalStateException when the node cannot unlock a key now (too many unlocks at once): retry shortly
     */
    ContributorSignature sign(String wallet, char[] passphrase, String parentVersionHash, String candidate);

    /**
     * Signs for {@code contributor} if its node wallet was unlocked for mining ({@code qenex:mine
     * start WALLET}), so that the improver can propose on its behalf unattended.
     *
     * @return empty when no unlocked wallet has that address
     */
    Optional<ContributorSignature> signUnlocked(String contributor, String parentVersionHash, String candidate);
}
