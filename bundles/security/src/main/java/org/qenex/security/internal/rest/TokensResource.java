package org.qenex.security.internal.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.security.internal.Roles;
import org.qenex.security.internal.token.ApiToken;
import org.qenex.security.internal.token.IssuedToken;
import org.qenex.security.internal.token.TokenStore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /api/v1/tokens}: API tokens, for any user with one of the node's roles. He creates tokens
 * for himself with some of his own roles ({@code POST {"name", "roles", "expires"}}, answered once
 * with the token), lists his tokens ({@code GET}) and revokes them ({@code DELETE /api/v1/tokens/<id>});
 * an admin lists and revokes everyone's.
 */
@Component(service = ApiResource.class)
public final class TokensResource implements ApiResource {

    private static final String DEFAULT_LIFETIME = "30d";

    private final TokenStore tokens;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public TokensResource(@Reference TokenStore tokens) {
        this.tokens = tokens;
    }

    @Route(method = "GET", path = "/v1/tokens", role = Route.ANY_ROLE, summary = "The caller's tokens (an admin: everyone's)")
    public List<Map<String, Object>> list(ApiRequest request) {
        String owner = request.hasRole(Roles.ADMIN) ? null : request.user();
        return tokens.list(owner).stream().map(this::describe).toList();
    }

    @Route(method = "POST", path = "/v1/tokens", role = Route.ANY_ROLE, maxBodyBytes = JsonFields.MAX_BODY,
            summary = "Creates a token with some of the caller's roles; the answer holds its secret, once")
    public ApiResponse create(ApiRequest request) throws IOException {
        JsonNode body = JsonFields.object(request, "name", "roles", "expires");
        List<String> roles = JsonFields.roleNames(body);
        String expires = JsonFields.text(body, "expires");
        if (roles == null) {
            throw ApiException.badRequest("invalid_request", "give \"roles\": a list of viewer, operator, admin");
        }
        IssuedToken issued;
        try {
            Duration lifetime = TokenStore.parseLifetime(expires == null ? DEFAULT_LIFETIME : expires);
            issued = tokens.create(request.user(), Set.copyOf(JsonFields.callerRoles(request)),
                    JsonFields.text(body, "name"), Roles.parse(roles), lifetime);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_request", e.getMessage());
        } catch (SecurityException e) {
            throw ApiException.forbidden("roles_exceeded", e.getMessage());
        }
        Map<String, Object> reply = describe(issued.token());
        reply.put("token", issued.secret());
        return ApiResponse.status(201).header("Location", ApiContext.PATH + "/v1/tokens/" + issued.token().id()).body(reply);
    }

    @Route(method = "DELETE", path = "/v1/tokens/{id}", role = Route.ANY_ROLE, summary = "Revokes a token")
    public void revoke(ApiRequest request) throws IOException {
        String id = request.pathParameter("id");
        String owner = request.hasRole(Roles.ADMIN) ? null : request.user();
        if (!tokens.revoke(id, owner)) {
            throw ApiException.notFound("unknown_token", "no token " + id + (owner == null ? "" : " of " + owner));
        }
    }

    private Map<String, Object> describe(ApiToken token) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", token.id());
        m.put("name", token.name());
        m.put("owner", token.owner());
        m.put("roles", List.copyOf(Roles.parse(token.roles())));
        m.put("created", token.created().toString());
        m.put("expires", token.expires().toString());
        m.put("expired", token.expiredAt(clock.instant()));
        return m;
    }
}
