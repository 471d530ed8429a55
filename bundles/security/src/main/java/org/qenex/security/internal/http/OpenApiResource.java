package org.qenex.security.internal.http;

import java.util.function.Supplier;

import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of the routes served now, a hot-deployed
 * plugin's included. Role viewer, like {@code /api/v1/status}: it lists the node's plugins. Added by
 * the {@link ApiRouter} to its own dispatcher, not registered as a service: as a service it would
 * need the router, which binds every resource service, itself included.
 */
final class OpenApiResource implements ApiResource {

    private final Supplier<Object> description;

    OpenApiResource(Supplier<Object> description) {
        this.description = description;
    }

    @Route(method = "GET", path = "/v1/openapi.json", role = ApiContext.ROLE_VIEWER,
            summary = "This description: every route the node serves now")
    public Object describe() {
        return description.get();
    }
}
