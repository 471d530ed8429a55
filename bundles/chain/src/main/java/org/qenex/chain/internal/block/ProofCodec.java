package org.qenex.chain.internal.block;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;

/**
 * Reads {@link ImprovementProof#canonicalBytes()} (format 2) back; refuses anything that does not
 * re-encode to the same bytes, and hashes, keys and signatures that are not lower-case hex of their
 * length.
 */
public final class ProofCodec {

    private static final int MAX_TASKS = 1_000;
    private static final int MAX_CANDIDATE = 64 * 1024;

    private ProofCodec() {
    }

    public static ImprovementProof decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, "QXIP".getBytes(StandardCharsets.US_ASCII)) || in.getInt() != ImprovementProof.FORMAT) {
                throw new IllegalArgumentException("not an improvement proof (format " + ImprovementProof.FORMAT + ")");
            }
            String version = shortString(in);
            String parentVersion = shortString(in);
            int specLength = in.getInt();
            if (specLength < 0 || specLength > in.remaining()) {
                throw new IllegalArgumentException("bad specification length");
            }
            byte[] spec = new byte[specLength];
            in.get(spec);
            int count = in.getInt();
            if (count < 1 || count > MAX_TASKS) {
                throw new IllegalArgumentException("bad task count");
            }
            List<TaskScore> scores = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                scores.add(new TaskScore(shortString(in), shortString(in), shortString(in), in.getLong(), in.getLong()));
            }
            String contributor = shortString(in);
            long acceptedAt = in.getLong();
            String fingerprint = shortString(in);
            int candidateLength = in.getInt();
            if (candidateLength < 0 || candidateLength > Math.min(MAX_CANDIDATE, in.remaining())) {
                throw new IllegalArgumentException("bad candidate length");
            }
            byte[] candidate = new byte[candidateLength];
            in.get(candidate);
            String key = shortString(in);
            String signature = shortString(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the proof");
            }
            hex(version, 32, "version hash");
            hex(parentVersion, 32, "parent version hash");
            hex(fingerprint, 32, "prediction fingerprint");
            hex(key, 32, "contributor key");
            hex(signature, 64, "contributor signature");
            ImprovementProof proof = new ImprovementProof(version, parentVersion,
                    new String(spec, StandardCharsets.UTF_8), scores, contributor, acceptedAt, fingerprint,
                    new String(candidate, StandardCharsets.UTF_8), key, signature);
            if (!Arrays.equals(proof.canonicalBytes(), bytes)) {
                throw new IllegalArgumentException("not the canonical encoding of the proof");
            }
            return proof;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated proof");
        }
    }

    private static void hex(String value, int bytes, String what) {
        if (value.length() != 2 * bytes || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("the " + what + " is not " + 2 * bytes + " lower-case hex digits");
        }
    }

    private static String shortString(ByteBuffer in) {
        byte[] b = new byte[in.getShort() & 0xFFFF];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
