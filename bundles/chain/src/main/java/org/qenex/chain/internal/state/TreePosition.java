package org.qenex.chain.internal.state;

import java.util.Arrays;

/**
 * Where a node sits in the {@link AccountTree}: its depth (0 = root) and the first {@code depth}
 * bits of the keys below it. Encoded as depth (u8, 0..255) || the ceil(depth / 8) bytes holding
 * those bits, the bits after them zero: also the node's key in the store.
 */
public final class TreePosition {

    public static final TreePosition ROOT = new TreePosition(new byte[] { 0 });

    private final byte[] bytes;
    private final int hash;

    private TreePosition(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The position at {@code depth} on the way to {@code key}. */
    public static TreePosition of(int depth, byte[] key) {
        byte[] b = new byte[1 + (depth + 7) / 8];
        b[0] = (byte) depth;
        System.arraycopy(key, 0, b, 1, b.length - 1);
        if (depth % 8 != 0) {
            b[b.length - 1] &= (byte) (0xFF << (8 - depth % 8));
        }
        return new TreePosition(b);
    }

    public static TreePosition decode(byte[] bytes) {
        return new TreePosition(bytes.clone());
    }

    public int depth() {
        return bytes[0] & 0xFF;
    }

    public byte[] encode() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreePosition other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "TreePosition" + Arrays.toString(bytes);
    }
}
