package org.qenex.security.internal.http;

import java.time.Duration;

/**
 * What the gateway decided about a request's credentials: a caller, or a refusal with the
 * status, error code and text to answer and, for throttled requests, when to retry.
 */
public record LoginOutcome(Caller caller, int status, String code, String detail, Duration retryAfter) {

    static LoginOutcome admitted(Caller caller) {
        return new LoginOutcome(caller, 200, null, null, null);
    }

    static LoginOutcome unauthorized(String detail) {
        return new LoginOutcome(null, 401, "unauthorized", detail, null);
    }

    static LoginOutcome lockedOut(String detail, Duration retryAfter) {
        return new LoginOutcome(null, 429, "locked_out", detail, retryAfter);
    }

    static LoginOutcome starting(String detail) {
        return new LoginOutcome(null, 503, "starting", detail, Duration.ofSeconds(1));
    }

    static LoginOutcome busy(String detail) {
        return new LoginOutcome(null, 503, "busy", detail, Duration.ofSeconds(1));
    }

    boolean isAdmitted() {
        return caller != null;
    }

    /** Whole seconds for a {@code Retry-After} header, at least 1. */
    long retryAfterSeconds() {
        return retryAfter == null ? 0 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
