package org.qenex.api.storage;

/**
 * A bundle asked for a namespace that belongs to another bundle (which has not shared it), or whose
 * name is reserved for another bundle; code {@link StorageException#NAMESPACE_NOT_OWNED}. Nothing
 * was changed.
 *
 * @since 1.1.0
 */
public class NamespaceNotOwnedException extends StorageException {

    private static final long serialVersionUID = 1L;

    public NamespaceNotOwnedException(String code, String message) {
        super(code, message);
    }
}
