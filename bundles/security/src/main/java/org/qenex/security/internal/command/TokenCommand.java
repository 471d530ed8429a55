package org.qenex.security.internal.command;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.security.internal.Roles;
import org.qenex.security.internal.token.ApiToken;
import org.qenex.security.internal.token.IssuedToken;
import org.qenex.security.internal.token.TokenStore;

@Command(scope = "qenex", name = "token", description = "API tokens for scripts and plugins: create, list, revoke.")
@Service
public class TokenCommand implements Action {

    @Reference
    private TokenStore tokens;

    @Argument(index = 0, name = "action", required = true, description = "create NAME | list | revoke ID")
    @Completion(value = StringsCompleter.class, values = {"create", "list", "revoke"})
    private String action;

    @Argument(index = 1, name = "arguments", multiValued = true,
            description = "The token's name (create) or id (revoke); create's options may follow the name")
    private List<String> arguments = List.of();

    @Option(name = "--roles", description = "create: the roles the token grants, some of yours (viewer, operator, admin)")
    private String roles = Roles.VIEWER;

    @Option(name = "--expires", description = "create: lifetime such as 12h, 30d, 1y (at most 366 days)")
    private String expires = "30d";

    @Override
    public Object execute() throws Exception {
        ShellCaller caller = ShellCaller.current();
        boolean admin = caller.roles().contains(Roles.ADMIN);
        try {
            Map<String, String> options = new HashMap<>(Map.of("--roles", roles, "--expires", expires));
            TrailingOptions args = new TrailingOptions(arguments == null ? List.of() : arguments, options);
            roles = options.get("--roles");
            expires = options.get("--expires");
            switch (action) {
                case "create" -> create(caller, args.argument(0, "NAME"));
                case "list" -> list(admin ? null : caller.name());
                case "revoke" -> {
                    String id = args.argument(0, "ID");
                    System.out.println(tokens.revoke(id, admin ? null : caller.name()) ? "Revoked " + id
                            : "No token " + id + (admin ? "" : " of " + caller.name()));
                }
                default -> throw new IllegalArgumentException("unknown action " + action + "; use create, list or revoke");
            }
        } catch (IllegalArgumentException | SecurityException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        return null;
    }

    private void create(ShellCaller caller, String name) throws Exception {
        IssuedToken issued = tokens.create(caller.name(), caller.roles(), name, Roles.parse(roles),
                TokenStore.parseLifetime(expires));
        ApiToken t = issued.token();
        System.out.println("Token " + t.id() + " (" + t.name() + ") for " + t.owner() + ", roles "
                + String.join(",", Roles.parse(t.roles())) + ", expires " + t.expires());
        System.out.println(issued.secret());
        System.out.println("This is the only time the token is shown: store it now. Use it as 'Authorization: Bearer <token>'.");
    }

    private void list(String owner) {
        List<ApiToken> all = tokens.list(owner);
        System.out.printf("%-16s %-20s %-12s %-22s %-20s %s%n", "ID", "NAME", "OWNER", "ROLES", "EXPIRES", "");
        Instant now = Instant.now();
        for (ApiToken t : all) {
            System.out.printf("%-16s %-20s %-12s %-22s %-20s %s%n", t.id(), t.name(), t.owner(),
                    String.join(",", Roles.parse(t.roles())), t.expires().toString().substring(0, 19),
                    t.expiredAt(now) ? "expired" : "");
        }
    }
}
