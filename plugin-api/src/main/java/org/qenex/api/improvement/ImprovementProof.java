package org.qenex.api.improvement;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The claim that a candidate improved the cumulative model: which version it produced, from
 * which parent, by how much on each task, with which specification, and who contributed it.
 *
 * <p>Any node can re-check the claim by retraining the specification on the named task data and
 * rescoring it ({@link ImprovementVerifier}); the chain mints the contributor's reward only on a
 * proof it verified, and at most once per {@link #id()}.
 *
 * @param versionHash hex SHA-256 of the model version the acceptance produced
 * @param parentVersionHash hex SHA-256 of the version it improved on
 * @param specification the candidate's specification, as canonical JSON (learner, options, per task)
 * @param scores one entry per task of the model, in task-name order
 * @param contributor the chain address the reward goes to
 * @param acceptedAtMillis when the node accepted it (epoch milliseconds)
 * @since 1.0.0
 */
public record ImprovementProof(String versionHash, String parentVersionHash, String specification,
        List<TaskScore> scores, String contributor, long acceptedAtMillis) {

    private static final byte[] MAGIC = "QXIP".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;

    public ImprovementProof {
        Objects.requireNonNull(versionHash, "versionHash");
        Objects.requireNonNull(parentVersionHash, "parentVersionHash");
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(contributor, "contributor");
        scores = List.copyOf(scores);
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("a proof scores at least one task");
        }
    }

    /** The largest gain over the tasks, in parts per million (what the reward is scaled by). */
    public long bestGainPpm() {
        return scores.stream().mapToLong(TaskScore::gainPpm).max().orElse(0);
    }

    /**
     * The exact bytes a proof is identified, hashed and carried in a block by: "QXIP", format 1
     * (int), then every field in declaration order; strings as an unsigned-short length and
     * UTF-8 bytes (specification: int length), longs as 8 big-endian bytes, the score list as an
     * int count followed by each score's fields.
     */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + specification.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            writeShortString(out, versionHash);
            writeShortString(out, parentVersionHash);
            byte[] spec = specification.getBytes(StandardCharsets.UTF_8);
            out.writeInt(spec.length);
            out.write(spec);
            out.writeInt(scores.size());
            for (TaskScore score : scores) {
                writeShortString(out, score.task());
                writeShortString(out, score.taskVersion());
                writeShortString(out, score.dataHash());
                out.writeLong(score.baselinePpm());
                out.writeLong(score.candidatePpm());
            }
            writeShortString(out, contributor);
            out.writeLong(acceptedAtMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Hex SHA-256 of {@link #canonicalBytes()}: the proof's identity. */
    public String id() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void writeShortString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("field longer than 65535 bytes");
        }
        out.writeShort(utf8.length);
        out.write(utf8);
    }
}
