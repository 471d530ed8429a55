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
 * proof it verified, whose parent is the tip of the chain's model version chain, whose prediction
 * fingerprint no rewarded version had, and whose contributor signed the candidate: the
 * {@code contributorSignature} by {@code contributorKey} over {@link #statement()}
 * ({@link CandidateStatement}), with a key that hashes to {@code contributor}.
 *
 * @param versionHash hex SHA-256 of the model version the acceptance produced
 * @param parentVersionHash hex SHA-256 of the version it improved on
 * @param specification the candidate's specification, as canonical JSON (learner, options, per task)
 * @param scores one entry per task of the model, in task-name order
 * @param contributor the chain address the reward goes to
 * @param acceptedAtMillis when the node accepted it (epoch milliseconds)
 * @param predictionFingerprint hex SHA-256 of the version's held-out predictions on every task:
 *        the chain rewards each fingerprint once
 * @param candidate the candidate exactly as its contributor signed it (JSON text, the tasks it
 *        changes); the verifier checks that the version is this candidate applied to the parent
 * @param contributorKey hex of the contributor's 32-byte Ed25519 public key
 * @param contributorSignature hex of the contributor's 64-byte Ed25519 signature over {@link #statement()}
 * @since 2.0.0
 */
public record ImprovementProof(String versionHash, String parentVersionHash, String specification,
        List<TaskScore> scores, String contributor, long acceptedAtMillis, String predictionFingerprint,
        String candidate, String contributorKey, String contributorSignature) {

    private static final byte[] MAGIC = "QXIP".getBytes(StandardCharsets.US_ASCII);
    /** Format 2 added the fingerprint, the signed candidate and the contributor's key and signature. */
    public static final int FORMAT = 2;

    public ImprovementProof {
        Objects.requireNonNull(versionHash, "versionHash");
        Objects.requireNonNull(parentVersionHash, "parentVersionHash");
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(contributor, "contributor");
        Objects.requireNonNull(predictionFingerprint, "predictionFingerprint");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(contributorKey, "contributorKey");
        Objects.requireNonNull(contributorSignature, "contributorSignature");
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
     * What the contributor signed: {@link CandidateStatement#bytes(String, String, String)} of the
     * parent version, the contributor and the candidate.
     *
     * @throws IllegalArgumentException when the parent is not 64 hex digits or the contributor not
     *         a 42-character address
     */
    public byte[] statement() {
        return CandidateStatement.bytes(parentVersionHash, contributor, candidate);
    }

    /**
     * The exact bytes a proof is identified, hashed and carried in a block by: "QXIP", format 2
     * (int), then every field in declaration order; strings as an unsigned-short length and
     * UTF-8 bytes (specification and candidate: int length), longs as 8 big-endian bytes, the
     * score list as an int count followed by each score's fields.
     */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 + specification.length() + candidate.length());
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
            writeShortString(out, predictionFingerprint);
            byte[] signed = candidate.getBytes(StandardCharsets.UTF_8);
            out.writeInt(signed.length);
            out.write(signed);
            writeShortString(out, contributorKey);
            writeShortString(out, contributorSignature);
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
