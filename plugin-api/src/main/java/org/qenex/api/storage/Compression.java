package org.qenex.api.storage;

/**
 * How a namespace compresses its values. Keys are never compressed, so scans keep their order.
 * Small values, and values that do not shrink, are stored as they are whatever the setting.
 *
 * @since 1.0.0
 */
public enum Compression {
    /** Values are stored as given. */
    NONE,
    /** {@code java.util.zip} deflate: smaller, slower. */
    DEFLATE,
    /** LZ4: fast, a lower ratio than deflate. */
    LZ4
}
