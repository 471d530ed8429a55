package org.qenex.security.internal.rest;

import java.io.IOException;
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
import org.qenex.security.internal.user.AccountException;
import org.qenex.security.internal.user.UserAccounts;
import org.qenex.security.internal.user.UserAccounts.UserInfo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /api/v1/users} (admin only): {@code GET} lists users and their roles; {@code POST
 * {"name", "password", "roles"}} adds one; {@code PUT /users/<name>/password {"password"}} and
 * {@code PUT /users/<name>/roles {"roles"}} change one; {@code DELETE /users/<name>} removes one.
 * Passwords travel only in JSON bodies, never in the URL.
 */
@Component(service = ApiResource.class)
public final class UsersResource implements ApiResource {

    private final UserAccounts accounts;

    @Activate
    public UsersResource(@Reference UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Route(method = "GET", path = "/v1/users", role = ApiContext.ROLE_ADMIN, summary = "Users and their roles")
    public List<Map<String, Object>> list() throws IOException {
        return accounts.list().stream().map(UsersResource::describe).toList();
    }

    @Route(method = "GET", path = "/v1/users/{name}", role = ApiContext.ROLE_ADMIN, summary = "One user")
    public Map<String, Object> get(ApiRequest request) throws IOException {
        String name = request.pathParameter("name");
        return describe(accounts.find(name).orElseThrow(() -> ApiException.notFound("unknown_user", "no user " + name)));
    }

    @Route(method = "POST", path = "/v1/users", role = ApiContext.ROLE_ADMIN, maxBodyBytes = JsonFields.MAX_BODY,
            summary = "Adds a user {name, password, roles}")
    public ApiResponse add(ApiRequest request) throws AccountException, IOException {
        JsonNode body = JsonFields.object(request, "name", "password", "roles");
        String name = JsonFields.text(body, "name");
        String password = JsonFields.text(body, "password");
        List<String> roles = JsonFields.roleNames(body);
        if (name == null || password == null || roles == null) {
            throw ApiException.badRequest("invalid_request", "give \"name\", \"password\" and \"roles\"");
        }
        UserInfo added = accounts.add(name, password, Set.copyOf(roles));
        return ApiResponse.status(201).header("Location", ApiContext.PATH + "/v1/users/" + added.name()).body(describe(added));
    }

    @Route(method = "PUT", path = "/v1/users/{name}/password", role = ApiContext.ROLE_ADMIN,
            maxBodyBytes = JsonFields.MAX_BODY, summary = "Sets a user's password {password}")
    public void changePassword(ApiRequest request) throws AccountException, IOException {
        String password = JsonFields.text(JsonFields.object(request, "password"), "password");
        if (password == null) {
            throw ApiException.badRequest("invalid_request", "give \"password\"");
        }
        accounts.changePassword(request.pathParameter("name"), password);
    }

    @Route(method = "PUT", path = "/v1/users/{name}/roles", role = ApiContext.ROLE_ADMIN,
            maxBodyBytes = JsonFields.MAX_BODY, summary = "Sets a user's roles {roles}")
    public Map<String, Object> changeRoles(ApiRequest request) throws AccountException, IOException {
        List<String> roles = JsonFields.roleNames(JsonFields.object(request, "roles"));
        if (roles == null) {
            throw ApiException.badRequest("invalid_request", "give \"roles\": a list of viewer, operator, admin");
        }
        return describe(accounts.setRoles(request.pathParameter("name"), Set.copyOf(roles)));
    }

    @Route(method = "DELETE", path = "/v1/users/{name}", role = ApiContext.ROLE_ADMIN, summary = "Removes a user")
    public void remove(ApiRequest request) throws AccountException, IOException {
        accounts.remove(request.pathParameter("name"));
    }

    @Override
    public ApiException error(Exception failure) {
        return failure instanceof AccountException e ? new ApiException(e.status(), e.code(), e.getMessage()) : null;
    }

    private static Map<String, Object> describe(UserInfo user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", user.name());
        m.put("roles", List.copyOf(user.roles()));
        return m;
    }
}
