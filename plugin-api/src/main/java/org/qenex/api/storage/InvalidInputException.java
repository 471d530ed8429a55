package org.qenex.api.storage;

/**
 * Bad input: an invalid name, key, value, batch or argument. Nothing was changed.
 *
 * @since 1.0.0
 */
public class InvalidInputException extends StorageException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String code, String message) {
        super(code, message);
    }

    public InvalidInputException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
