package org.qenex.ai.internal.spec;

/**
 * A candidate specification that is refused before anything runs: unknown learner or filter, an
 * option outside the allow-list, a malformed value, an unknown task, a missing or bad contributor
 * signature, a signature for another version than the latest. Carries a stable code for
 * REST error bodies and shell messages.
 */
public final class SpecRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String MALFORMED = "malformed_specification";
    public static final String UNKNOWN_LEARNER = "unknown_learner";
    public static final String UNKNOWN_FILTER = "unknown_filter";
    public static final String OPTION_NOT_ALLOWED = "option_not_allowed";
    public static final String BAD_OPTION_VALUE = "bad_option_value";
    public static final String UNKNOWN_TASK = "unknown_task";
    /** No contributor signature, and no node wallet named to sign. */
    public static final String UNSIGNED = "unsigned_candidate";
    /** The signature does not verify, or its key is not the contributor's. */
    public static final String BAD_CONTRIBUTOR_SIGNATURE = "bad_contributor_signature";
    /** Signed for another version than the latest. */
    public static final String STALE_PARENT = "stale_parent";

    private final String code;

    public SpecRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
