package org.qenex.api.storage;

import java.util.Objects;

/**
 * Any failure of the store, with a stable, machine-readable {@link #code()} (used as-is in REST
 * error bodies and shell messages) and a human-readable message.
 *
 * @since 1.0.0
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A namespace name that does not match {@link Store#NAMESPACE_PATTERN}. */
    public static final String INVALID_NAMESPACE = "invalid_namespace";
    /** An empty key. */
    public static final String KEY_EMPTY = "key_empty";
    /** A key over {@link Store#MAX_KEY_BYTES}. */
    public static final String KEY_TOO_LARGE = "key_too_large";
    /** A value over {@link Store#MAX_VALUE_BYTES}. */
    public static final String VALUE_TOO_LARGE = "value_too_large";
    /** A batch over {@link Store#MAX_BATCH_OPERATIONS} or {@link Store#MAX_BATCH_BYTES}. */
    public static final String BATCH_TOO_LARGE = "batch_too_large";
    /** A batch that was aborted by an earlier error, or committed twice. */
    public static final String BATCH_UNUSABLE = "batch_unusable";
    /** A codec failed to encode or decode. */
    public static final String CODEC_FAILED = "codec_failed";
    /** Another argument was invalid (a limit below 1, a null, a malformed backup id...). */
    public static final String INVALID_ARGUMENT = "invalid_argument";
    /** No backup has the given id. */
    public static final String UNKNOWN_BACKUP = "unknown_backup";
    /** A point-in-time restore to before the oldest backup. */
    public static final String RESTORE_BEFORE_OLDEST_BACKUP = "restore_before_oldest_backup";
    /** A backup whose content does not match its manifest. */
    public static final String BACKUP_TAMPERED = "backup_tampered";
    /** A restore asked while the store serves dependents. */
    public static final String STORE_LIVE = "store_live";
    /** The store is not open: it failed to open, is closed, or is being restored. */
    public static final String STORE_UNAVAILABLE = "store_unavailable";
    /**
     * The namespace belongs to another bundle, which has not shared it, or its name is reserved
     * for another bundle.
     *
     * @since 1.1.0
     */
    public static final String NAMESPACE_NOT_OWNED = "namespace_not_owned";
    /** The disk or the files failed. */
    public static final String IO_FAILURE = "io_failure";

    private final String code;

    public StorageException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public StorageException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable machine-readable code, one of the constants of this class. */
    public String code() {
        return code;
    }
}
