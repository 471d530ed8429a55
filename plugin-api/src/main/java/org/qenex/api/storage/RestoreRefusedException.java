package org.qenex.api.storage;

/**
 * A restore that was refused before it changed anything: the store is live, or the time asked is before the oldest backup.
 *
 * @since 1.0.0
 */
public class RestoreRefusedException extends StorageException {

    private static final long serialVersionUID = 1L;

    public RestoreRefusedException(String code, String message) {
        super(code, message);
    }

    public RestoreRefusedException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
