package org.qenex.storage.internal;

import java.nio.charset.StandardCharsets;

/**
 * An ownership record, kept in the namespace {@value NamespaceOwners#NAMESPACE} under the owned
 * namespace's name: the owner's symbolic name and whether it shares the namespace. Stored as
 * UTF-8 {@code <shared|private> <symbolic name>}.
 */
public record NamespaceOwner(String bundle, boolean shared) {

    byte[] encode() {
        return ((shared ? "shared " : "private ") + bundle).getBytes(StandardCharsets.UTF_8);
    }

    static NamespaceOwner decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("not an ownership record: " + text);
        }
        return new NamespaceOwner(text.substring(space + 1), text.startsWith("shared "));
    }
}
