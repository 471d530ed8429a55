package org.qenex.storage.internal;

/**
 * A write as a batch collects it: encoded key and, for a put, the encoded value before
 * compression ({@code null} for a delete).
 */
record BatchOp(String namespace, byte[] key, byte[] value) {
}
