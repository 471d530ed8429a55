package org.qenex.security.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.qenex.api.http.ApiContext;
import org.qenex.security.internal.Roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading a small JSON body and answering JSON, for the security bundle's two REST resources. */
final class JsonExchange {

    /** Users and tokens are small: no body of theirs needs more. */
    static final int MAX_BODY = 4096;

    private final ObjectMapper mapper = new ObjectMapper();

    /** The body as a JSON object, or null after answering 400/413 (the caller then returns). */
    JsonNode readObject(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] raw;
        try (InputStream in = req.getInputStream()) {
            raw = in.readNBytes(MAX_BODY + 1);
        }
        if (raw.length > MAX_BODY) {
            error(req, resp, 413, "payload_too_large", "the body is larger than " + MAX_BODY + " bytes");
            return null;
        }
        JsonNode body;
        try {
            body = mapper.readTree(raw);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            error(req, resp, 400, "invalid_json", "the body must be a JSON object");
            return null;
        }
        return body;
    }

    void write(HttpServletResponse resp, int status, Object value) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), value);
    }

    static void error(HttpServletRequest req, HttpServletResponse resp, int status, String code, String detail)
            throws IOException {
        req.setAttribute(ApiContext.ERROR_CODE, code);
        resp.sendError(status, detail);
    }

    /** A text field, or null when missing or not a string. */
    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** A list of role names from a JSON array of strings or a comma-separated string; null if neither. */
    static List<String> roleNames(JsonNode body) {
        JsonNode node = body.get("roles");
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(node.asText().split(","));
        }
        if (!node.isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return null;
            }
            names.add(item.asText());
        }
        return names;
    }

    /** The known roles the authenticated caller has. */
    static List<String> callerRoles(HttpServletRequest req) {
        return Roles.KNOWN.stream().filter(req::isUserInRole).toList();
    }

    /** The segment after {@code prefix} in the path info, e.g. the id in {@code /v1/tokens/<id>}. */
    static String tail(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return null;
        }
        return info.startsWith("/") ? info.substring(1) : info;
    }
}
