package org.qenex.api.storage;

/**
 * The store is not open: it failed to open (see the health check and incidents), was closed, or is being restored.
 *
 * @since 1.0.0
 */
public class StoreUnavailableException extends StorageException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String code, String message) {
        super(code, message);
    }

    public StoreUnavailableException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
