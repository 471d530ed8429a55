package org.qenex.security.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.qenex.api.http.ApiContext;

/** Turns an endpoint's {@code sendError} into the API's JSON error body instead of Jetty's HTML page. */
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
        if (isCommitted()) {
            throw new IllegalStateException("response already committed; cannot send error " + status);
        }
        resetBuffer();
        setStatus(status);
        setContentType("application/json");
        setCharacterEncoding("UTF-8");
        setHeader("Cache-Control", "no-store");
        String json = ErrorBody.json(code, detail);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        setContentLength(body.length);
        try {
            getResponse().getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            getResponse().getWriter().write(json);
        }
        flushBuffer();
    }
}
