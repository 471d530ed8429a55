package org.qenex.storage.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

import org.qenex.api.storage.Compression;

/**
 * The stored form of a value: one byte saying how it is compressed, then for compressed values the
 * original length (4 bytes, big-endian), then the data. Each value says how it was stored, so a
 * namespace can change its compression without rewriting what it holds.
 */
public final class StoredValues {

    /** Values shorter than this are never compressed: the gain would not pay the header. */
    static final int MIN_COMPRESS = 64;

    private static final byte NONE = 0;
    private static final byte DEFLATE = 1;
    private static final byte LZ4 = 2;

    // The pure-Java LZ4 implementation: no native library to load inside OSGi.
    private static final LZ4Factory LZ4_FACTORY = LZ4Factory.fastestJavaInstance();
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4_FACTORY.fastCompressor();
    private static final LZ4FastDecompressor LZ4_DECOMPRESSOR = LZ4_FACTORY.fastDecompressor();

    private StoredValues() {
    }

    /** The stored form of {@code raw} under {@code compression}. */
    public static byte[] encode(byte[] raw, Compression compression) {
        if (compression != Compression.NONE && raw.length >= MIN_COMPRESS) {
            byte[] packed = compression == Compression.LZ4 ? lz4(raw) : deflate(raw);
            if (packed != null && packed.length + 5 < raw.length + 1) {
                byte[] out = new byte[packed.length + 5];
                out[0] = compression == Compression.LZ4 ? LZ4 : DEFLATE;
                putInt(out, 1, raw.length);
                System.arraycopy(packed, 0, out, 5, packed.length);
                return out;
            }
        }
        byte[] out = new byte[raw.length + 1];
        out[0] = NONE;
        System.arraycopy(raw, 0, out, 1, raw.length);
        return out;
    }

    /** The original value of a stored form. */
    public static byte[] decode(byte[] stored) {
        switch (stored[0]) {
            case NONE:
                return Arrays.copyOfRange(stored, 1, stored.length);
            case LZ4: {
                byte[] raw = new byte[rawLength(stored)];
                LZ4_DECOMPRESSOR.decompress(stored, 5, raw, 0, raw.length);
                return raw;
            }
            case DEFLATE: {
                Inflater inflater = new Inflater();
                try {
                    inflater.setInput(stored, 5, stored.length - 5);
                    byte[] raw = new byte[rawLength(stored)];
                    int n = 0;
                    while (n < raw.length) {
                        int got = inflater.inflate(raw, n, raw.length - n);
                        if (got == 0 && (inflater.finished() || inflater.needsInput())) {
                            break;
                        }
                        n += got;
                    }
                    if (n != raw.length) {
                        throw new IllegalArgumentException("deflated value is short");
                    }
                    return raw;
                } catch (DataFormatException e) {
                    throw new IllegalArgumentException("damaged deflated value", e);
                } finally {
                    inflater.end();
                }
            }
            default:
                throw new IllegalArgumentException("unknown stored value kind " + stored[0]);
        }
    }

    /** The original length of a stored form, without decompressing it. */
    public static int rawLength(byte[] stored) {
        if (stored.length == 0) {
            throw new IllegalArgumentException("empty stored value");
        }
        if (stored[0] == NONE) {
            return stored.length - 1;
        }
        if ((stored[0] != LZ4 && stored[0] != DEFLATE) || stored.length < 5) {
            throw new IllegalArgumentException("malformed stored value");
        }
        int length = ((stored[1] & 0xFF) << 24) | ((stored[2] & 0xFF) << 16) | ((stored[3] & 0xFF) << 8) | (stored[4] & 0xFF);
        if (length < 0) {
            throw new IllegalArgumentException("malformed stored value length");
        }
        return length;
    }

    private static byte[] lz4(byte[] raw) {
        byte[] out = new byte[LZ4_COMPRESSOR.maxCompressedLength(raw.length)];
        int n = LZ4_COMPRESSOR.compress(raw, 0, raw.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
            byte[] chunk = new byte[Math.min(64 * 1024, raw.length + 64)];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.write(chunk, 0, n);
                if (out.size() >= raw.length) {
                    return null;
                }
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }
}
