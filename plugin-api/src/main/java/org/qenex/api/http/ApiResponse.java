package org.qenex.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer with a status other than 200 or with headers: {@code ApiResponse.status(201)
 * .header("Location", ...).body(value)}. The body is written as JSON; a null body sends none.
 *
 * @since 1.1.0
 */
public final class ApiResponse {

    private final int status;
    private final Map<String, String> headers;
    private final Object body;

    private ApiResponse(int status, Map<String, String> headers, Object body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * An answer with {@code status} and no body yet. A refusal is an {@link ApiException}, so that
     * it has the error body; a status 4xx or 5xx here is for an answer with a body of its own
     * (the health check's 503 {@code {"status": "DOWN"}}).
     */
    public static ApiResponse status(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status for an answer: " + status);
        }
        return new ApiResponse(status, Map.of(), null);
    }

    /** 204, no body. */
    public static ApiResponse noContent() {
        return status(204);
    }

    /** This answer with a header added. */
    public ApiResponse header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, Map.copyOf(more), body);
    }

    /** This answer with {@code value} as its JSON body. */
    public ApiResponse body(Object value) {
        return new ApiResponse(status, headers, value);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body, or null for none. */
    public Object body() {
        return body;
    }
}
