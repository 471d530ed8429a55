package org.qenex.ai.tasks.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.qenex.api.node.NodeContext;

/**
 * The secret a built-in task's held-out rows are drawn with: the configured one, or else this
 * node's own, 32 random bytes (hex) generated once and kept owner-only in
 * this bundle's data folder, {@code ${karaf.data}/qenex/ai-tasks/} ({@value #FILE} for mathematics,
 * {@code <domain>-held-out.secret} for the text tasks), so
 * the held-out rows, and the task's data hash, stay the same across restarts.
 */
final class HeldOutSecret {

    static final String FILE = "mathematics-held-out.secret";

    private HeldOutSecret() {
    }

    /**
     * The seed of an epoch's held-out rows: the first 8 bytes, big-endian, of
     * SHA-256(UTF-8(secret ":" epoch)). Unguessable without the secret; the same for every built-in task.
     */
    static long seed(String secret, long epoch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((secret + ":" + epoch).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The configured secret, or else this node's own kept in {@code file} in the bundle's data
     * folder; the folder is not touched when a secret is configured.
     */
    static String of(String configuredSecret, String file, NodeContext node) {
        String configured = configuredSecret.trim();
        return configured.isEmpty() ? loadOrCreate(node.dataFolder().resolve(file)) : configured;
    }

    /** Synchronized: two activations in one JVM must not each write a different secret. */
    static synchronized String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(file.getParent());
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data folder's own permissions protect it
            }
            try {
                Files.move(tmp, file); // never replaces: a secret once used must stay
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the held-out secret " + file + " cannot be read or created", e);
        }
    }

    private static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (secret.isEmpty()) {
            throw new IOException(file + " is empty; delete it to draw a new held-out set, or restore it");
        }
        return secret;
    }
}
