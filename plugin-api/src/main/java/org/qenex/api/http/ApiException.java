package org.qenex.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal a route answers with the API's error body {@code {"error": code, "detail": detail,
 * "requestId": ...}}: thrown by a route, or returned by {@link ApiResource#error(Exception)}.
 *
 * @since 1.1.0
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    /**
     * @param status a 4xx or 5xx status
     * @param code a stable, machine-readable code in snake case ({@code unknown_block})
     * @param detail words for a person; never a stack trace or a library's message
     */
    public ApiException(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    private ApiException(int status, String code, String detail, Map<String, String> headers) {
        super(detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
        }
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    /** 400 with {@code code}. */
    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    /** 403 with {@code code}. */
    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, detail);
    }

    /** 404 with {@code code}. */
    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    /** 409 with {@code code}. */
    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    /** This refusal with a header added, e.g. {@code Retry-After}. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        ApiException copy = new ApiException(status, code, getMessage(), Map.copyOf(more));
        copy.initCause(getCause());
        return copy;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
