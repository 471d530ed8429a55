package org.qenex.security.internal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The link between two records: lowercase hex SHA-256 of a line's UTF-8 bytes (no newline). */
final class ChainHash {

    private ChainHash() {
    }

    static String of(String line) {
        return of(line.getBytes(StandardCharsets.UTF_8));
    }

    static String of(byte[] line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
