package org.qenex.security.internal.http;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ErrorBody;

/** Turns a plain servlet's or the gateway's {@code sendError} into the API's JSON error body instead of Jetty's HTML page. */
final class JsonErrorResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;

    JsonErrorResponse(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String detail) throws IOException {
        Object code = request.getAttribute(ApiContext.ERROR_CODE);
        if (detail == null && status == SC_NOT_FOUND) {
            detail = "no endpoint at " + request.getRequestURI();
        } else if (detail == null && status == SC_METHOD_NOT_ALLOWED) {
            detail = request.getMethod() + " is not allowed on " + request.getRequestURI();
        }
        write(status, code instanceof String given ? given : ErrorBody.codeFor(status), detail);
    }

    /** A 500 that reveals nothing of the failure but that it happened. */
    void internalError() throws IOException {
        if (!isCommitted()) {
            write(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal_error",
                    "the node failed to handle this request; the node's log has the details");
        }
    }

    private void write(int status, String code, String detail) throws IOException {
        Object id = request.getAttribute(ApiContext.REQUEST_ID);
        ErrorBody.write((HttpServletResponse) getResponse(), status, code, detail, id instanceof String given ? given : null);
    }
}
