package org.qenex.security.internal.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.security.internal.Roles;
import org.qenex.security.internal.token.ApiToken;
import org.qenex.security.internal.token.IssuedToken;
import org.qenex.security.internal.token.TokenStore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /api/v1/tokens}: API tokens. Any user may create tokens for himself with some of his own
 * roles ({@code POST {"name", "roles", "expires"}}, answered once with the token), list his tokens
 * ({@code GET}) and revoke them ({@code DELETE /api/v1/tokens/<id>}); an admin lists and revokes
 * everyone's.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.security.tokens",
        "osgi.http.whiteboard.servlet.pattern=/v1/tokens",
        "osgi.http.whiteboard.servlet.pattern=/v1/tokens/*",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class TokensServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String DEFAULT_LIFETIME = "30d";

    private final transient TokenStore tokens;
    private final transient JsonExchange json = new JsonExchange();
    private final transient Clock clock = Clock.systemUTC();

    @Activate
    public TokensServlet(@Reference TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (JsonExchange.callerRoles(req).isEmpty()) {
            JsonExchange.error(req, resp, 403, "forbidden", "tokens are for users with a role (viewer, operator or admin)");
            return;
        }
        String id = JsonExchange.tail(req);
        switch (req.getMethod()) {
            case "GET" -> list(req, resp, id);
            case "POST" -> create(req, resp, id);
            case "DELETE" -> revoke(req, resp, id);
            default -> {
                resp.setHeader("Allow", "GET, POST, DELETE");
                resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        }
    }

    private void list(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
        if (id != null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String owner = req.isUserInRole(Roles.ADMIN) ? null : req.getRemoteUser();
        json.write(resp, 200, tokens.list(owner).stream().map(this::describe).toList());
    }

    private void create(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
        if (id != null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        JsonNode body = json.readObject(req, resp);
        if (body == null) {
            return;
        }
        List<String> roles = JsonExchange.roleNames(body);
        String expires = JsonExchange.text(body, "expires");
        if (roles == null) {
            JsonExchange.error(req, resp, 400, "invalid_request", "give \"roles\": a list of viewer, operator, admin");
            return;
        }
        IssuedToken issued;
        try {
            Duration lifetime = TokenStore.parseLifetime(expires == null ? DEFAULT_LIFETIME : expires);
            issued = tokens.create(req.getRemoteUser(), Set.copyOf(JsonExchange.callerRoles(req)),
                    JsonExchange.text(body, "name"), Roles.parse(roles), lifetime);
        } catch (IllegalArgumentException e) {
            JsonExchange.error(req, resp, 400, "invalid_request", e.getMessage());
            return;
        } catch (SecurityException e) {
            JsonExchange.error(req, resp, 403, "roles_exceeded", e.getMessage());
            return;
        }
        Map<String, Object> reply = describe(issued.token());
        reply.put("token", issued.secret());
        resp.setHeader("Location", req.getContextPath() + "/v1/tokens/" + issued.token().id());
        json.write(resp, 201, reply);
    }

    private void revoke(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
        if (id == null) {
            JsonExchange.error(req, resp, 400, "invalid_request", "DELETE /api/v1/tokens/<id>");
            return;
        }
        String owner = req.isUserInRole(Roles.ADMIN) ? null : req.getRemoteUser();
        if (!tokens.revoke(id, owner)) {
            JsonExchange.error(req, resp, 404, "unknown_token", "no token " + id + (owner == null ? "" : " of " + owner));
            return;
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
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
