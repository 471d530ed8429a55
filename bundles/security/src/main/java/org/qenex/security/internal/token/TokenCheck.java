package org.qenex.security.internal.token;

/** The result of checking a presented token: the token, or why it was refused. */
public record TokenCheck(ApiToken token, String refusal) {

    static TokenCheck valid(ApiToken token) {
        return new TokenCheck(token, null);
    }

    static TokenCheck refused(String why) {
        return new TokenCheck(null, why);
    }

    public boolean isValid() {
        return token != null;
    }
}
