package org.qenex.jetty.errors.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ErrorBody;
import org.qenex.api.http.RequestIds;

/**
 * The Jetty server's error handler. A request Jetty cannot parse as HTTP (a bad URI encoding such as
 * {@code %00}, headers larger than it reads, a malformed request line) never reaches a servlet
 * context, so the API's gateway cannot answer it: Jetty answers it here, and this answers with the
 * API's error body ({@link ErrorBody}) and a request id, not Jetty's HTML page. Everything else is
 * Jetty's own handling, without stack traces.
 */
public class JsonBadMessageHandler extends ErrorHandler {

    /** Jetty's reason for a bad message is its own text, short; this bounds what goes back anyway. */
    private static final int MAX_REASON = 200;

    /** Jetty creates it from jetty.xml: a public class with a public constructor. */
    public JsonBadMessageHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        if (HttpStatus.hasNoBody(status)) {
            return BufferUtil.EMPTY_BUFFER; // 1xx, 204, 304: HTTP allows no body (Jetty's page sends one)
        }
        String requestId = RequestIds.accept(null);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        fields.put(ApiContext.REQUEST_ID_HEADER, requestId);
        String body = ErrorBody.json(ErrorBody.codeFor(status), detail(status, reason), requestId);
        return ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
    }

    static String detail(int status, String reason) {
        if (status == HttpStatus.URI_TOO_LONG_414) {
            return "the request line is longer than the node reads";
        }
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
            return "the request headers are larger than the node reads";
        }
        String why = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        if (why.length() > MAX_REASON) {
            why = why.substring(0, MAX_REASON) + "...";
        }
        return "the request is not well-formed HTTP (" + why + ")";
    }
}
