package org.qenex.chain.internal.wallet;

/**
 * Node wallets unlocked for mining: {@code qenex:mine start WALLET} unlocks one, so that the
 * improver's candidates can carry its signature unattended; {@code qenex:mine stop} locks them.
 */
public interface MiningKeys {

    /**
     * Unlocks {@code wallet} until {@link #lockAll()}.
     *
     * @return its address
     * @throws IllegalArgumentException for an unknown wallet
     * @throws SecurityException for a wrong passphrase
     */
    String unlock(String wallet, char[] passphrase);

    boolean isUnlocked(String address);

    void lockAll();
}
