package org.qenex.security.internal.rest;

import java.util.ArrayList;
import java.util.List;

import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.security.internal.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields of the small JSON bodies users and tokens take, read leniently where clients differ (roles). */
final class JsonFields {

    /** Users and tokens are small: no body of theirs needs more. */
    static final int MAX_BODY = 4096;

    private JsonFields() {
    }

    /** The body as a JSON object, or a 400. */
    static JsonNode object(ApiRequest request) {
        JsonNode body = request.body(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
        }
        return body;
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
    static List<String> callerRoles(ApiRequest request) {
        return Roles.KNOWN.stream().filter(request::hasRole).toList();
    }
}
