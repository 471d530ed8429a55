package org.qenex.network.internal.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.qenex.network.internal.OwnerOnlyFiles;

/**
 * The node's network identity: an Ed25519 key (RFC 8032, pure) kept as 64 hex digits in
 * {@code network.key} in the network bundle's data folder, owner-only. It is the node's own,
 * separate from the chain's validator key (as CometBFT separates {@code node_key.json} from
 * {@code priv_validator_key.json}): the transport signs a handshake per connection, online, while
 * the validator key signs blocks; a leaked or rotated network key never touches consensus.
 */
public final class NetworkKey {

    public static final String FILE = "network.key";

    private final byte[] privateKey;
    private final byte[] publicKey;

    private NetworkKey(byte[] privateKey) {
        this.privateKey = privateKey.clone();
        this.publicKey = new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    /** A key that lives in memory only (tests). */
    public static NetworkKey generate(SecureRandom random) {
        return new NetworkKey(new Ed25519PrivateKeyParameters(random).getEncoded());
    }

    /** Reads {@code folder/network.key}, or creates it at the first start. */
    public static NetworkKey loadOrCreate(Path folder, SecureRandom random) throws IOException {
        Path file = folder.resolve(FILE);
        if (Files.exists(file)) {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IOException(file + " is not 64 hex digits: restore it from a backup, or delete it to give "
                        + "this node a new network identity");
            }
            byte[] key = HexFormat.of().parseHex(hex);
            try {
                return new NetworkKey(key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        NetworkKey key = generate(random);
        OwnerOnlyFiles.writeAtomically(file, (HexFormat.of().formatHex(key.privateKey) + "\n").getBytes(StandardCharsets.US_ASCII));
        return key;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Whether {@code signature} is {@code publicKey}'s over {@code message}; false for a malformed key. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != 32 || signature.length != 64) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException notOnCurve) {
            return false;
        }
    }
}
