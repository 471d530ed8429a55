package org.qenex.storage.internal.journal;

import org.qenex.api.storage.Compression;

/**
 * One operation of a journal record. Values are in their stored form (see
 * {@link org.qenex.storage.internal.StoredValues}), so replay writes them as they are.
 *
 * @param type what the operation does
 * @param namespace the namespace it applies to
 * @param key the encoded key ({@code null} for {@link Type#DEFINE} and {@link Type#DROP})
 * @param value the stored value ({@code null} unless {@link Type#PUT})
 * @param compression the namespace's compression ({@code null} unless {@link Type#DEFINE})
 */
public record Op(Type type, String namespace, byte[] key, byte[] value, Compression compression) {

    /**
     * The kinds of operation, with their stable journal codes. {@code DROP} (4) came with namespace
     * ownership: a journal holding one cannot be read by an older store.
     */
    public enum Type {
        DEFINE(1), PUT(2), DELETE(3), DROP(4);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown operation code " + code);
        }
    }

    public static Op define(String namespace, Compression compression) {
        return new Op(Type.DEFINE, namespace, null, null, compression);
    }

    public static Op put(String namespace, byte[] key, byte[] storedValue) {
        return new Op(Type.PUT, namespace, key, storedValue, null);
    }

    /** Removes the namespace and every entry in it. */
    public static Op drop(String namespace) {
        return new Op(Type.DROP, namespace, null, null, null);
    }

    public static Op delete(String namespace, byte[] key) {
        return new Op(Type.DELETE, namespace, key, null, null);
    }
}
