package org.qenex.security.internal.command;

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
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.security.internal.Roles;
import org.qenex.security.internal.user.AccountException;
import org.qenex.security.internal.user.UserAccounts.UserInfo;
import org.qenex.security.internal.user.UserAccounts;

@Command(scope = "qenex", name = "user", description = "The node's users: add, remove, passwd, roles, list. Passwords are asked for, never given as arguments.")
@Service
public class UserCommand implements Action {

    @Reference
    private UserAccounts accounts;

    @Reference
    private Session session;

    @Argument(index = 0, name = "action", required = true, description = "add NAME | remove NAME | passwd NAME | roles NAME ROLES | list")
    @Completion(value = StringsCompleter.class, values = {"add", "remove", "passwd", "roles", "list"})
    private String action;

    @Argument(index = 1, name = "arguments", multiValued = true,
            description = "The user; for roles, then the new roles, comma-separated (viewer, operator, admin); add's --roles may follow")
    private List<String> arguments = List.of();

    @Option(name = "--roles", description = "add: the user's roles, comma-separated (default viewer)")
    private String roles = Roles.VIEWER;

    @Override
    public Object execute() throws Exception {
        try {
            Map<String, String> options = new HashMap<>(Map.of("--roles", roles));
            TrailingOptions args = new TrailingOptions(arguments == null ? List.of() : arguments, options);
            roles = options.get("--roles");
            switch (action) {
                case "list" -> list();
                case "add" -> add(args.argument(0, "NAME"));
                case "remove" -> {
                    String name = args.argument(0, "NAME");
                    accounts.remove(name);
                    System.out.println("Removed " + name + " and revoked its tokens");
                }
                case "passwd" -> passwd(args.argument(0, "NAME"));
                case "roles" -> {
                    UserInfo user = accounts.setRoles(args.argument(0, "NAME"), Roles.parse(args.argument(1, "ROLES")));
                    System.out.println(user.name() + " now has " + String.join(",", user.roles()));
                }
                default -> throw new IllegalArgumentException("unknown action " + action + "; use add, remove, passwd, roles or list");
            }
        } catch (AccountException | IllegalArgumentException e) {
            String refusal = "Refused: " + e.getMessage();
            throw new CommandException(refusal, refusal);
        }
        return null;
    }

    private void list() throws Exception {
        System.out.printf("%-24s %s%n", "USER", "ROLES");
        for (UserInfo user : accounts.list()) {
            System.out.printf("%-24s %s%n", user.name(), String.join(",", user.roles()));
        }
    }

    private void add(String user) throws Exception {
        var parsed = Roles.parse(roles);
        String password = PasswordPrompt.readNew(session, user);
        if (password != null) {
            UserInfo added = accounts.add(user, password, parsed);
            System.out.println("Added " + added.name() + " with " + String.join(",", added.roles()));
        }
    }

    private void passwd(String user) throws Exception {
        if (accounts.find(user).isEmpty()) {
            throw new IllegalArgumentException("no user " + user);
        }
        String password = PasswordPrompt.readNew(session, user);
        if (password != null) {
            accounts.changePassword(user, password);
            System.out.println("Changed the password of " + user);
        }
    }
}
