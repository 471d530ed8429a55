package org.qenex.api.storage;

/**
 * A backup's content does not match its manifest: it was damaged or tampered with and must not be relied on. Nothing was changed.
 *
 * @since 1.0.0
 */
public class BackupTamperedException extends StorageException {

    private static final long serialVersionUID = 1L;

    public BackupTamperedException(String code, String message) {
        super(code, message);
    }

    public BackupTamperedException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
