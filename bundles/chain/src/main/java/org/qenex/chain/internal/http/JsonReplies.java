package org.qenex.chain.internal.http;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The chain API's successful answers: JSON, UTF-8, never cached (balances and heads change). */
final class JsonReplies {

    private JsonReplies() {
    }

    static void write(HttpServletResponse resp, ObjectMapper mapper, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }
}
