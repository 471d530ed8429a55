package org.qenex.ai.internal.eval;

/**
 * A candidate that was trained or scored and failed: over its CPU or memory budget, Weka refused
 * the data, or the node stopped while it ran ({@link #STOPPED}: not a verdict on the candidate).
 */
public final class CandidateRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String OVER_BUDGET = "over_budget";
    public static final String TRAINING_FAILED = "training_failed";
    public static final String MODEL_TOO_LARGE = "model_too_large";
    public static final String OVER_MEMORY = "over_memory";
    public static final String STOPPED = "stopped";

    private final String code;

    public CandidateRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
