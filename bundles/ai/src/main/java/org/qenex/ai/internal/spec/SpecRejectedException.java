package org.qenex.ai.internal.spec;

/**
 * A candidate specification that is refused before anything runs: unknown learner or filter, an
 * option outside the allow-list, a malformed value, an unknown task. Carries a stable code for
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

    private final String code;

    public SpecRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
