package org.qenex.ai.internal.version;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import org.qenex.ai.internal.eval.Sha256;

/**
 * The canonical bytes a version's hash is computed over: "QXMV", format 1 (int), parent hash,
 * task count (int), per task in name order (name, version, data hash, baseline pipeline,
 * pipeline, model hash, baseline ppm, score ppm), contributor, accepted-at millis, prediction
 * fingerprint. Strings as int length plus UTF-8, numbers big-endian.
 */
public final class VersionHashing {

    private VersionHashing() {
    }

    public static String hash(String parentHash, List<VersionTask> tasks, String contributor, long acceptedAtMillis,
            String predictionFingerprint) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] { 'Q', 'X', 'M', 'V' });
            out.writeInt(1);
            write(out, parentHash);
            List<VersionTask> ordered = tasks.stream().sorted(Comparator.comparing(VersionTask::name)).toList();
            out.writeInt(ordered.size());
            for (VersionTask task : ordered) {
                write(out, task.name());
                write(out, task.version());
                write(out, task.dataHash());
                write(out, task.baselinePipeline());
                write(out, task.pipeline());
                write(out, task.modelHash());
                out.writeLong(task.baselinePpm());
                out.writeLong(task.scorePpm());
            }
            write(out, contributor);
            out.writeLong(acceptedAtMillis);
            write(out, predictionFingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return Sha256.hex(bytes.toByteArray());
    }

    public static String hash(ModelVersion version) {
        return hash(version.parentHash(), version.tasks(), version.contributor(), version.acceptedAtMillis(),
                version.predictionFingerprint());
    }

    private static void write(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
