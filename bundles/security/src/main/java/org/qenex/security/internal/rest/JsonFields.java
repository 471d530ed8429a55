package org.qenex.security.internal.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.security.internal.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of the small JSON bodies users and tokens take: only the fields a route names, each of its
 * type, as the API's bound bodies are (an unknown field, or a number where a string belongs, is a 400,
 * not silently left out); roles are read as an array of strings or one comma-separated string.
 */
final class JsonFields {

    /** Users and tokens are small: no body of theirs needs more. */
    static final int MAX_BODY = 4096;

    private JsonFields() {
    }

    /** The body as a JSON object holding no field but {@code fields}, or a 400. */
    static JsonNode object(ApiRequest request, String... fields) {
        JsonNode body = request.body(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
        }
        Set<String> known = Set.of(fields);
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ApiException.badRequest("bad_request", "unknown field '" + cut(name) + "'");
            }
        });
        return body;
    }

    /** A text field, or null when missing (or JSON null); a 400 when it is not a string. */
    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("bad_request", "field '" + field + "' must be a string");
        }
        return node.asText();
    }

    /** Role names from a JSON array of strings or a comma-separated string; null when missing; a 400 otherwise. */
    static List<String> roleNames(JsonNode body) {
        JsonNode node = body.get("roles");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(node.asText().split(","));
        }
        if (!node.isArray()) {
            throw badRoles();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw badRoles();
            }
            names.add(item.asText());
        }
        return names;
    }

    private static ApiException badRoles() {
        return ApiException.badRequest("bad_request", "field 'roles' must be an array of role names or one comma-separated string");
    }

    private static String cut(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "..." : name;
    }

    /** The known roles the authenticated caller has. */
    static List<String> callerRoles(ApiRequest request) {
        return Roles.KNOWN.stream().filter(request::hasRole).toList();
    }
}
