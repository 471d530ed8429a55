package org.qenex.chain.internal.error;

/** A transaction or block broke a rule; nothing was changed. */
public final class ChainException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ChainError error;

    public ChainException(ChainError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public ChainError error() {
        return error;
    }

    public String code() {
        return error.code();
    }

    @Override
    public String toString() {
        return error.code() + ": " + getMessage();
    }
}
