package org.qenex.security.internal.user;

/** A refused change to the users, with the HTTP status and error code the REST API answers. */
public final class AccountException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    AccountException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static AccountException invalid(String message) {
        return new AccountException(400, "invalid_request", message);
    }

    static AccountException weakPassword(String message) {
        return new AccountException(400, "weak_password", message);
    }

    static AccountException unknown(String user) {
        return new AccountException(404, "unknown_user", "no user " + user);
    }

    static AccountException conflict(String code, String message) {
        return new AccountException(409, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
