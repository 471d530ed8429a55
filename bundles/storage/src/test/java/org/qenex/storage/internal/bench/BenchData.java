package org.qenex.storage.internal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** The work both benchmarks do: 32-byte keys (4-byte bucket + 28 random bytes), 100-byte values. */
final class BenchData {

    static final int PRELOAD = 100_000;
    static final int BUCKETS = 1_000;

    private BenchData() {
    }

    /** Key {@code i} of the preloaded set: bucket {@code i % BUCKETS}, so each bucket holds 100 keys. */
    static byte[] preloadKey(int i) {
        byte[] key = new byte[32];
        int bucket = i % BUCKETS;
        key[0] = (byte) (bucket >>> 24);
        key[1] = (byte) (bucket >>> 16);
        key[2] = (byte) (bucket >>> 8);
        key[3] = (byte) bucket;
        for (int b = 4; b < 32; b++) {
            key[b] = (byte) (i * 31 + b * 17 + (i >>> 8));
        }
        key[4] = (byte) (i >>> 24);
        key[5] = (byte) (i >>> 16);
        key[6] = (byte) (i >>> 8);
        key[7] = (byte) i;
        return key;
    }

    static byte[] bucketPrefix(int bucket) {
        return new byte[] {(byte) (bucket >>> 24), (byte) (bucket >>> 16), (byte) (bucket >>> 8), (byte) bucket};
    }

    /** A fresh random key outside the preloaded buckets (first byte 0x7F). */
    static byte[] randomKey() {
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        key[0] = 0x7F;
        return key;
    }

    static byte[] value() {
        byte[] value = new byte[100];
        ThreadLocalRandom.current().nextBytes(value);
        return value;
    }

    static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
