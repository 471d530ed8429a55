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

    /** The position at {@code depth} (at most this one's) above this one. */
    public TreePosition ancestor(int depth) {
        return depth == depth() ? this : of(depth, Arrays.copyOfRange(bytes, 1, bytes.length));
    }

    /** The child on {@code side} (0 left, 1 right). */
    public TreePosition child(int side) {
        int depth = depth();
        byte[] path = Arrays.copyOfRange(bytes, 1, 1 + (depth + 8) / 8);
        if (side == 1) {
            path[depth >>> 3] |= (byte) (0x80 >>> (depth & 7));
        }
        return of(depth + 1, path);
    }

    /** Whether {@code other} is this position or above it. */
    public boolean startsWith(TreePosition other) {
        int depth = other.depth();
        if (depth > depth()) {
            return false;
        }
        int full = depth >>> 3;
        if (!Arrays.equals(bytes, 1, 1 + full, other.bytes, 1, 1 + full)) {
            return false;
        }
        int rest = depth & 7;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return rest == 0 || (bytes[1 + full] & mask) == (other.bytes[1 + full] & mask);
    }

    /** Bit {@code index} of the path (0: the most significant bit of the first byte), for {@code index < depth()}. */
    public int bit(int index) {
        return (bytes[1 + (index >>> 3)] >>> (7 - (index & 7))) & 1;
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
