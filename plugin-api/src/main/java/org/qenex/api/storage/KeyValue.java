package org.qenex.api.storage;

import java.util.Objects;

/**
 * One entry returned by a scan.
 *
 * @param <K> key type
 * @param <V> value type
 * @param key the decoded key
 * @param value the decoded value
 * @since 1.0.0
 */
public record KeyValue<K, V>(K key, V value) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
