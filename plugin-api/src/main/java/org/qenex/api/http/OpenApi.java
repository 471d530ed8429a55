package org.qenex.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAPI 3.0 document of a set of routes, as plain maps for Jackson. */
final class OpenApi {

    record Operation(ApiRoute route, List<String> parameters) {
    }

    private OpenApi() {
    }

    static Map<String, Object> describe(String title, String version, List<Operation> operations) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", title, "version", version));
        doc.put("servers", List.of(Map.of("url", ApiContext.PATH)));
        doc.put("security", List.of(Map.of("basic", List.of()), Map.of("token", List.of())));
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Operation op : operations) {
            paths.computeIfAbsent(op.route().path(), p -> new TreeMap<>())
                    .put(op.route().method().toLowerCase(Locale.ROOT), operation(op));
        }
        doc.put("paths", paths);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "object");
        error.put("required", List.of("error", "detail"));
        error.put("properties", Map.of("error", Map.of("type", "string", "description", "a stable code, e.g. not_found"),
                "detail", Map.of("type", "string"), "requestId", Map.of("type", "string")));
        doc.put("components", Map.of(
                "securitySchemes", Map.of("basic", Map.of("type", "http", "scheme", "basic"),
                        "token", Map.of("type", "http", "scheme", "bearer", "description", "an API token, qxt_...")),
                "schemas", Map.of("Error", error)));
        return doc;
    }

    private static Map<String, Object> operation(Operation op) {
        ApiRoute route = op.route();
        Map<String, Object> out = new LinkedHashMap<>();
        if (!route.summary().isEmpty()) {
            out.put("summary", route.summary());
        }
        out.put("operationId", route.method().toLowerCase(Locale.ROOT) + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
        out.put("x-qenex-role", route.role());
        if (Route.PUBLIC.equals(route.role())) {
            out.put("security", List.of());
        }
        List<Object> parameters = new ArrayList<>();
        for (String name : op.parameters()) {
            parameters.add(Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            out.put("parameters", parameters);
        }
        Map<String, Object> json = Map.of("application/json", Map.of("schema", Map.of()));
        Map<String, Object> errorJson = Map.of("application/json",
                Map.of("schema", Map.of("$ref", "#/components/schemas/Error")));
        out.put("responses", Map.of(
                "2XX", Map.of("description", "success", "content", json),
                "default", Map.of("description", "an error", "content", errorJson)));
        return out;
    }
}
