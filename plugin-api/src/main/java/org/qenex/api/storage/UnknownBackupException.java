package org.qenex.api.storage;

/**
 * No backup has the given id. Nothing was changed.
 *
 * @since 1.0.0
 */
public class UnknownBackupException extends StorageException {

    private static final long serialVersionUID = 1L;

    public UnknownBackupException(String code, String message) {
        super(code, message);
    }

    public UnknownBackupException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
