package org.qenex.chain.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import org.qenex.chain.internal.crypto.KeyPair;

/**
 * The node's block-producing key, {@code ${karaf.data}/qenex/chain/node.key}: the hex private key,
 * readable by the node's user only. Not passphrase-protected, because the node signs blocks
 * unattended; it is a validator key, not a wallet (fees it collects can be moved to a wallet).
 */
public final class NodeKeyFile {

    /** The file's name in the chain's data folder. */
    public static final String NAME = "node.key";

    private NodeKeyFile() {
    }

    public static KeyPair loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            byte[] key = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).trim());
            try {
                return new KeyPair(key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        KeyPair key = KeyPair.generate(random);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".node", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: the data folder's permissions protect it
            }
            byte[] privateKey = key.privateKeyCopy();
            Files.writeString(tmp, HexFormat.of().formatHex(privateKey) + "\n", StandardCharsets.US_ASCII);
            Arrays.fill(privateKey, (byte) 0);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return key;
    }
}
