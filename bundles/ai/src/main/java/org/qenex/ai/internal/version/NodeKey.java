package org.qenex.ai.internal.version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * The node's Ed25519 key that signs model versions, kept in {@code <dir>/version-key.pk8} (private,
 * owner-only) and {@code version-key.pub}; created on first use. JDK signatures: a few thousand
 * a second is plenty for one signature per accepted version.
 */
public final class NodeKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static NodeKey loadOrCreate(Path dir) throws IOException {
        Path privateFile = dir.resolve("version-key.pk8");
        Path publicFile = dir.resolve("version-key.pub");
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                return new NodeKey(factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))),
                        factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile))));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(dir);
            writeAtomically(privateFile, pair.getPrivate().getEncoded(), true);
            writeAtomically(publicFile, pair.getPublic().getEncoded(), false);
            return new NodeKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IOException("the version key in " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** A key that lives only in memory, for tests and tools. */
    public static NodeKey ephemeral() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new NodeKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of Java 15 and later", e);
        }
    }

    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey.getEncoded());
    }

    public String sign(String hashHex) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(HexFormat.of().parseHex(hashHex));
            return HexFormat.of().formatHex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with the node key failed", e);
        }
    }

    public static boolean verify(String publicKeyHex, String hashHex, String signatureHex) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(HexFormat.of().parseHex(publicKeyHex)));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(HexFormat.of().parseHex(hashHex));
            return signature.verify(HexFormat.of().parseHex(signatureHex));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void writeAtomically(Path file, byte[] content, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data folder's own permissions protect it
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
