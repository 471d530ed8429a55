package org.qenex.chain.internal.crypto;

import java.security.SecureRandom;

/**
 * An Ed25519 private key with its public key and account. Held only in memory, by the node's
 * producer key and by a wallet while it signs.
 */
public final class KeyPair {

    private final byte[] privateKey;
    private final byte[] publicKey;
    private final AccountId account;

    public KeyPair(byte[] privateKey) {
        if (privateKey.length != Ed25519.PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes");
        }
        this.privateKey = privateKey.clone();
        this.publicKey = Ed25519.publicKey(this.privateKey);
        this.account = AccountId.ofPublicKey(publicKey);
    }

    public static KeyPair generate(SecureRandom random) {
        return new KeyPair(Ed25519.newPrivateKey(random));
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public AccountId account() {
        return account;
    }

    public String address() {
        return account.address();
    }

    public byte[] sign(byte[] message) {
        return Ed25519.sign(privateKey, message);
    }

    public byte[] sign(byte[] message, int offset, int length) {
        return Ed25519.sign(privateKey, message, offset, length);
    }

    /** The private key bytes, for encrypting into a key file; the caller wipes the copy. */
    public byte[] privateKeyCopy() {
        return privateKey.clone();
    }

    @Override
    public String toString() {
        return "KeyPair[" + address() + "]";
    }
}
