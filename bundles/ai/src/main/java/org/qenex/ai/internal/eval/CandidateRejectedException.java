package org.qenex.ai.internal.eval;

/** A candidate that was trained or scored and failed: over its CPU budget, or Weka refused the data. */
public final class CandidateRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String OVER_BUDGET = "over_budget";
    public static final String TRAINING_FAILED = "training_failed";
    public static final String MODEL_TOO_LARGE = "model_too_large";

    private final String code;

    public CandidateRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
