package org.qenex.chain.internal.tx;

/**
 * The syntax of a chain id: 1 to 32 characters {@code [a-z0-9-]}. It lives with the wire formats,
 * not with the genesis parameters, because every transaction and block carries its chain id and
 * the codecs check it before any consensus rule runs.
 */
public final class ChainId {

    public static final int MAX_LENGTH = 32;

    private ChainId() {
    }

    public static boolean isValid(String chainId) {
        return chainId != null && chainId.matches("[a-z0-9-]{1," + MAX_LENGTH + "}");
    }
}
