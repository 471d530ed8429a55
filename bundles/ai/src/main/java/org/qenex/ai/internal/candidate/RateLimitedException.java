package org.qenex.ai.internal.candidate;

/** A submission refused because its contributor, or the node, has too many in flight. Nothing was stored. */
public final class RateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(String message) {
        super(message);
    }
}
