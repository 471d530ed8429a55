package org.qenex.chain.internal.http;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.qenex.api.http.ApiContext;
import org.qenex.chain.internal.consensus.ChainError;
import org.qenex.chain.internal.consensus.ChainException;

/** Errors in the API's one shape: a stable code in {@link ApiContext#ERROR_CODE}, then {@code sendError}. */
final class ApiErrors {

    private ApiErrors() {
    }

    static void send(HttpServletRequest req, HttpServletResponse resp, int status, String code, String detail) throws IOException {
        req.setAttribute(ApiContext.ERROR_CODE, code);
        resp.sendError(status, detail);
    }

    static void refused(HttpServletRequest req, HttpServletResponse resp, ChainException e) throws IOException {
        int status = e.error() == ChainError.MEMPOOL_FULL || e.error() == ChainError.SENDER_LIMIT
                || e.error() == ChainError.NOT_STORED ? 503
                : e.error() == ChainError.DUPLICATE ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST;
        send(req, resp, status, e.code(), e.getMessage());
    }

    static boolean requireRole(HttpServletRequest req, HttpServletResponse resp, String role) throws IOException {
        if (req.isUserInRole(role)) {
            return true;
        }
        resp.sendError(HttpServletResponse.SC_FORBIDDEN, "the role " + role + " is required");
        return false;
    }
}
