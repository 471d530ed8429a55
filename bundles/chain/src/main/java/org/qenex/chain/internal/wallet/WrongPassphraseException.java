package org.qenex.chain.internal.wallet;

/** The passphrase does not open the wallet's key. */
public final class WrongPassphraseException extends Exception {

    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
