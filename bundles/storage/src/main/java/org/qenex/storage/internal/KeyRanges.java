package org.qenex.storage.internal;

import java.util.Arrays;

/** Key range arithmetic in unsigned byte order. */
final class KeyRanges {

    private KeyRanges() {
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}, or {@code null} if there
     * is none (the prefix is all 0xFF).
     */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }
}
