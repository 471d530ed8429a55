package org.qenex.api.ai;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A task's three splits. Learners are trained on {@link #training()} only; contributors get
 * feedback on {@link #publicSplit()} (rounded, by the Ladder rule); the node decides on
 * {@link #heldOut()}, whose rows and scores are never served.
 *
 * @param training the rows candidates are trained on
 * @param publicSplit the rows public feedback is computed on
 * @param heldOut the sealed rows the node's decisions are made on
 * @since 1.0.0
 */
public record TaskData(Dataset training, Dataset publicSplit, Dataset heldOut) {

    public TaskData {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(publicSplit, "publicSplit");
        Objects.requireNonNull(heldOut, "heldOut");
        if (!training.sameSchemaAs(publicSplit) || !training.sameSchemaAs(heldOut)) {
            throw new IllegalArgumentException("the three splits must have the same attributes and class");
        }
        if (training.rows().isEmpty() || publicSplit.rows().isEmpty() || heldOut.rows().isEmpty()) {
            throw new IllegalArgumentException("no split may be empty");
        }
    }

    /**
     * The canonical bytes of the task's data: "QXTD", format 1 (int), then the canonical form of
     * the training, public and held-out datasets ({@link Dataset#writeCanonical}).
     */
    public void writeCanonical(OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        out.write(new byte[] { 'Q', 'X', 'T', 'D' });
        out.writeInt(1);
        training.writeCanonical(out);
        publicSplit.writeCanonical(out);
        heldOut.writeCanonical(out);
        out.flush();
    }

    /** Hex SHA-256 of the canonical bytes: the data hash every version and proof names. */
    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                writeCanonical(out);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        } catch (IOException e) {
            throw new UncheckedIOException("hashing in memory cannot fail", e);
        }
    }

    /** The canonical bytes in memory; for tests and tools, since real data is hashed as a stream. */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeCanonical(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
