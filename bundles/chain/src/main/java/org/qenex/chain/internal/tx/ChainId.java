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
        // a loop, not String.matches: every submitted transaction's decode calls this, and matches
        // compiled the pattern anew each time (about 2 % of a request thread's CPU under load)
        if (chainId == null || chainId.isEmpty() || chainId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < chainId.length(); i++) {
            char c = chainId.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
