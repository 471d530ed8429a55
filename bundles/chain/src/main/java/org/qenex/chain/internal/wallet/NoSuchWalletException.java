package org.qenex.chain.internal.wallet;

/**
 * No wallet of that name on this node. An {@link IllegalArgumentException}, as callers that name
 * the wallet in a field treat it (the AI's candidate signing: 400); the wallet routes name it in
 * their path and answer 404.
 */
public final class NoSuchWalletException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NoSuchWalletException(String name) {
        super("no wallet named " + name);
    }
}
