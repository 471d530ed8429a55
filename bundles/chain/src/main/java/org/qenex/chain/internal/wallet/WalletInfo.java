package org.qenex.chain.internal.wallet;

/**
 * What may be shown of a node wallet: never its private key.
 *
 * @param name the wallet's name
 * @param address its account address
 * @param publicKey hex Ed25519 public key
 * @param createdMillis when it was created
 */
public record WalletInfo(String name, String address, String publicKey, long createdMillis) {
}
