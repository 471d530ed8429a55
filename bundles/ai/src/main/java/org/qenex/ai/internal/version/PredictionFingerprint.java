package org.qenex.ai.internal.version;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.Sha256;

/**
 * Hex SHA-256 over the held-out predictions of every task, in task-name order (task name, then
 * each predicted class index as a big-endian int, -1 for none). Two candidates with the same
 * fingerprint predict exactly the same; the later one adds nothing and is refused.
 */
public final class PredictionFingerprint {

    private PredictionFingerprint() {
    }

    public static String of(Map<String, Predictions> heldOutByTask) {
        MessageDigest digest = Sha256.digest();
        for (Map.Entry<String, Predictions> entry : new TreeMap<>(heldOutByTask).entrySet()) {
            digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            int[] predicted = entry.getValue().predictedClasses();
            ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * predicted.length);
            buffer.putInt(predicted.length);
            for (int p : predicted) {
                buffer.putInt(p);
            }
            digest.update(buffer.array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
