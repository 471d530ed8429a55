package org.qenex.api.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one shape of every error the REST API returns, {@code {"error": code, "detail": text,
 * "requestId": id}}, and its writer: the route dispatcher and the authentication gateway both
 * answer through it.
 *
 * @since 1.1.0
 */
public final class ErrorBody {

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "bad_request"), Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"), Map.entry(406, "not_acceptable"),
            Map.entry(408, "request_timeout"), Map.entry(409, "conflict"), Map.entry(410, "gone"),
            Map.entry(411, "length_required"), Map.entry(413, "payload_too_large"), Map.entry(414, "uri_too_long"),
            Map.entry(415, "unsupported_media_type"), Map.entry(422, "unprocessable"), Map.entry(429, "rate_limited"),
            Map.entry(431, "headers_too_large"),
            Map.entry(500, "internal_error"), Map.entry(501, "not_implemented"), Map.entry(503, "unavailable"),
            Map.entry(505, "http_version_not_supported"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {
    }

    /** The code for {@code status} when the endpoint gave none. */
    public static String codeFor(int status) {
        return CODES.getOrDefault(status, status >= 500 ? "server_error" : "client_error");
    }

    /** The body's JSON text; {@code requestId} is left out when null. */
    public static String json(String code, String detail, String requestId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("detail", detail == null ? "" : detail);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("three strings are always JSON", e);
        }
    }

    /**
     * Replaces whatever {@code response} buffered with the error: status, JSON body, no caching.
     *
     * @throws IllegalStateException if the response is already committed
     */
    public static void write(HttpServletResponse response, int status, String code, String detail, String requestId)
            throws IOException {
        if (response.isCommitted()) {
            throw new IllegalStateException("response already committed; cannot send error " + status);
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String json = json(code, detail, requestId);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(json);
        }
        response.flushBuffer();
    }
}
