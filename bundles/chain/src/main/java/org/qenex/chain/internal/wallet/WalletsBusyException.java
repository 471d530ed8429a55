package org.qenex.chain.internal.wallet;

/** Too many wallet keys are being unlocked (or sealed) at once to start one more now: retry shortly. */
public final class WalletsBusyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    WalletsBusyException(String message) {
        super(message);
    }
}
