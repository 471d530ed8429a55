package org.qenex.security.internal.rest;

import java.io.IOException;
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
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.security.users",
        "osgi.http.whiteboard.servlet.pattern=/v1/users",
        "osgi.http.whiteboard.servlet.pattern=/v1/users/*",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class UsersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient UserAccounts accounts;
    private final transient JsonExchange json = new JsonExchange();

    @Activate
    public UsersServlet(@Reference UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.isUserInRole(Roles.ADMIN)) {
            JsonExchange.error(req, resp, 403, "forbidden", "managing users needs the admin role");
            return;
        }
        String tail = JsonExchange.tail(req);
        String[] parts = tail == null ? new String[0] : tail.split("/", -1);
        try {
            switch (req.getMethod() + " " + parts.length) {
                case "GET 0" -> json.write(resp, 200, accounts.list().stream().map(UsersServlet::describe).toList());
                case "GET 1" -> get(req, resp, parts[0]);
                case "POST 0" -> add(req, resp);
                case "PUT 2" -> change(req, resp, parts[0], parts[1]);
                case "DELETE 1" -> {
                    accounts.remove(parts[0]);
                    resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
                }
                default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND,
                        "no such operation; see GET/POST /api/v1/users, PUT /api/v1/users/<name>/password or /roles, DELETE /api/v1/users/<name>");
            }
        } catch (AccountException e) {
            JsonExchange.error(req, resp, e.status(), e.code(), e.getMessage());
        }
    }

    private void get(HttpServletRequest req, HttpServletResponse resp, String name) throws IOException {
        var user = accounts.find(name);
        if (user.isEmpty()) {
            JsonExchange.error(req, resp, 404, "unknown_user", "no user " + name);
            return;
        }
        json.write(resp, 200, describe(user.get()));
    }

    private void add(HttpServletRequest req, HttpServletResponse resp) throws IOException, AccountException {
        JsonNode body = json.readObject(req, resp);
        if (body == null) {
            return;
        }
        String name = JsonExchange.text(body, "name");
        String password = JsonExchange.text(body, "password");
        List<String> roles = JsonExchange.roleNames(body);
        if (name == null || password == null || roles == null) {
            JsonExchange.error(req, resp, 400, "invalid_request", "give \"name\", \"password\" and \"roles\"");
            return;
        }
        UserInfo added = accounts.add(name, password, Set.copyOf(roles));
        resp.setHeader("Location", req.getContextPath() + "/v1/users/" + added.name());
        json.write(resp, 201, describe(added));
    }

    private void change(HttpServletRequest req, HttpServletResponse resp, String name, String what)
            throws IOException, AccountException {
        if (!what.equals("password") && !what.equals("roles")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "PUT /api/v1/users/<name>/password or /roles");
            return;
        }
        JsonNode body = json.readObject(req, resp);
        if (body == null) {
            return;
        }
        if (what.equals("password")) {
            String password = JsonExchange.text(body, "password");
            if (password == null) {
                JsonExchange.error(req, resp, 400, "invalid_request", "give \"password\"");
                return;
            }
            accounts.changePassword(name, password);
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        List<String> roles = JsonExchange.roleNames(body);
        if (roles == null) {
            JsonExchange.error(req, resp, 400, "invalid_request", "give \"roles\": a list of viewer, operator, admin");
            return;
        }
        json.write(resp, 200, describe(accounts.setRoles(name, Set.copyOf(roles))));
    }

    private static Map<String, Object> describe(UserInfo user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", user.name());
        m.put("roles", List.copyOf(user.roles()));
        return m;
    }
}
