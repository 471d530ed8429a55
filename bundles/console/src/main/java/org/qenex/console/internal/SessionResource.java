package org.qenex.console.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;

/**
 * {@code GET /api/v1/session}: who the caller is and which of the node's roles they hold, so a
 * client (the console) shows only the actions the API will accept. Showing is a courtesy: every
 * action's own route checks its role again.
 */
@Component(name = "org.qenex.console.session", service = ApiResource.class)
public final class SessionResource implements ApiResource {

    private static final List<String> ROLES = List.of(ApiContext.ROLE_ADMIN, ApiContext.ROLE_OPERATOR, ApiContext.ROLE_VIEWER);

    @Route(method = "GET", path = "/v1/session", role = Route.ANY_ROLE,
            summary = "The caller's name and roles (admin, operator, viewer)")
    public Map<String, Object> session(ApiRequest request) {
        return Map.of("user", request.user(), "roles", ROLES.stream().filter(request::hasRole).toList());
    }
}
