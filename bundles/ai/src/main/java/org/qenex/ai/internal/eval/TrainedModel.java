package org.qenex.ai.internal.eval;

import java.util.Arrays;

/**
 * A trained pipeline as the bytes of its Java serialization, taken right after training (a
 * Logistic model's bytes change once it has predicted), and their hex SHA-256.
 */
public final class TrainedModel {

    private final byte[] bytes;
    private final String hash;

    public TrainedModel(byte[] bytes) {
        this.bytes = bytes.clone();
        this.hash = Sha256.hex(this.bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public String hash() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainedModel model && Arrays.equals(bytes, model.bytes);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }
}
