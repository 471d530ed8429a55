package org.qenex.api.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Built-in {@link Codec codecs} whose encoded byte order is the natural order of the type.
 *
 * @since 1.0.0
 */
public final class Codecs {

    /** UTF-8. The byte order of UTF-8 is the order of Unicode code points. */
    public static final Codec<String> STRING = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    /**
     * Eight bytes, big-endian, with the sign bit flipped so that negative numbers sort before
     * positive ones in unsigned byte order.
     */
    public static final Codec<Long> LONG = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            long v = value ^ Long.MIN_VALUE;
            byte[] out = new byte[8];
            for (int i = 7; i >= 0; i--) {
                out[i] = (byte) v;
                v >>>= 8;
            }
            return out;
        }

        @Override
        public Long decode(byte[] bytes) {
            if (bytes.length != 8) {
                throw new IllegalArgumentException("a long needs 8 bytes, got " + bytes.length);
            }
            long v = 0;
            for (byte b : bytes) {
                v = (v << 8) | (b & 0xFF);
            }
            return v ^ Long.MIN_VALUE;
        }
    };

    /** The bytes themselves (copied both ways, so callers may reuse their arrays). */
    public static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return Arrays.copyOf(value, value.length);
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return Arrays.copyOf(bytes, bytes.length);
        }
    };

    private Codecs() {
    }
}
