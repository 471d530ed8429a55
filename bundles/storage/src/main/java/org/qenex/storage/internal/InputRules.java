package org.qenex.storage.internal;

import java.util.regex.Pattern;

import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;

/** The store's input limits (documented on {@link Store}), checked before anything changes. */
final class InputRules {

    private static final Pattern NAMESPACE = Pattern.compile(Store.NAMESPACE_PATTERN);

    private InputRules() {
    }

    static String namespace(String name) {
        if (name == null || !NAMESPACE.matcher(name).matches()) {
            throw new InvalidInputException(StorageException.INVALID_NAMESPACE,
                    "namespace name must match " + Store.NAMESPACE_PATTERN + ": " + printable(name));
        }
        return name;
    }

    static byte[] key(byte[] key) {
        if (key == null || key.length == 0) {
            throw new InvalidInputException(StorageException.KEY_EMPTY, "a key must not be empty");
        }
        if (key.length > Store.MAX_KEY_BYTES) {
            throw new InvalidInputException(StorageException.KEY_TOO_LARGE,
                    "key of " + key.length + " bytes is over the limit of " + Store.MAX_KEY_BYTES);
        }
        return key;
    }

    static byte[] value(byte[] value) {
        if (value == null) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "a value must not be null");
        }
        if (value.length > Store.MAX_VALUE_BYTES) {
            throw new InvalidInputException(StorageException.VALUE_TOO_LARGE,
                    "value of " + value.length + " bytes is over the limit of " + Store.MAX_VALUE_BYTES);
        }
        return value;
    }

    static int limit(int limit) {
        if (limit < 1) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "limit must be at least 1, was " + limit);
        }
        return limit;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
