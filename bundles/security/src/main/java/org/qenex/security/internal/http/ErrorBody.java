package org.qenex.security.internal.http;

import java.util.Map;

/** The one shape of every error the REST API returns: {@code {"error": code, "detail": text}}. */
final class ErrorBody {

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "bad_request"), Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"), Map.entry(406, "not_acceptable"), Map.entry(408, "request_timeout"),
            Map.entry(409, "conflict"), Map.entry(410, "gone"), Map.entry(411, "length_required"),
            Map.entry(413, "payload_too_large"), Map.entry(415, "unsupported_media_type"),
            Map.entry(422, "unprocessable"), Map.entry(429, "rate_limited"),
            Map.entry(500, "internal_error"), Map.entry(501, "not_implemented"), Map.entry(503, "unavailable"));

    private ErrorBody() {
    }

    /** The code for {@code status} when the endpoint gave none. */
    static String codeFor(int status) {
        return CODES.getOrDefault(status, status >= 500 ? "server_error" : "client_error");
    }

    static String json(String code, String detail) {
        return "{\"error\":" + quote(code) + ",\"detail\":" + quote(detail == null ? "" : detail) + "}";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
