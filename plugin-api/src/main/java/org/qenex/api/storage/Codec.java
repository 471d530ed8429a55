package org.qenex.api.storage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns keys or values into bytes and back, so the store never relies on Java serialization.
 *
 * <p>For keys, the order of the encoded bytes (compared as unsigned bytes, shorter prefix first)
 * is the order of range and prefix scans: a key codec should encode so that this byte order is
 * the order the user expects. {@link Codecs} has ready-made codecs that do.
 *
 * <p>Both methods must be pure: {@code decode(encode(x))} equals {@code x}, and neither keeps or
 * modifies the arrays it is given or returns.
 *
 * @param <T> the type encoded
 * @since 1.0.0
 */
@ConsumerType
public interface Codec<T> {

    /** The bytes for {@code value}; never {@code null}. */
    byte[] encode(T value);

    /**
     * The value for {@code bytes}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid encoding
     */
    T decode(byte[] bytes);
}
