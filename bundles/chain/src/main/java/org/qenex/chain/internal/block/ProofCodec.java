package org.qenex.chain.internal.block;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;

/** Reads {@link ImprovementProof#canonicalBytes()} back; refuses anything that does not re-encode to the same bytes. */
public final class ProofCodec {

    private static final int MAX_TASKS = 1_000;

    private ProofCodec() {
    }

    public static ImprovementProof decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, "QXIP".getBytes(StandardCharsets.US_ASCII)) || in.getInt() != 1) {
                throw new IllegalArgumentException("not an improvement proof (format 1)");
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
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the proof");
            }
            ImprovementProof proof = new ImprovementProof(version, parentVersion,
                    new String(spec, StandardCharsets.UTF_8), scores, contributor, acceptedAt);
            if (!Arrays.equals(proof.canonicalBytes(), bytes)) {
                throw new IllegalArgumentException("not the canonical encoding of the proof");
            }
            return proof;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated proof");
        }
    }

    private static String shortString(ByteBuffer in) {
        byte[] b = new byte[in.getShort() & 0xFFFF];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
