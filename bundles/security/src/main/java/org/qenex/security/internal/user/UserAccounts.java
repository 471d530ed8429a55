package org.qenex.security.internal.user;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.security.internal.PasswordHash;
import org.qenex.security.internal.Roles;
import org.qenex.security.internal.UsersFile;
import org.qenex.security.internal.UsersFile.Account;
import org.qenex.security.internal.FirstAdmin;
import org.qenex.security.internal.http.LoginGuard;
import org.qenex.security.internal.token.TokenStore;

/**
 * Adds, changes and removes the users of the JAAS realm {@code karaf} ({@code etc/users.properties}).
 *
 * <p>Passwords are hashed here (the same PBKDF2 form Karaf's realm checks) before anything is
 * written, so no clear password ever reaches the disk; they must satisfy {@link PasswordRules}.
 * Roles are the three known ones, stored as the groups that grant them. After a change the user's
 * remembered REST logins are forgotten and tokens beyond the user's new roles are revoked, so the
 * change takes effect at once. The last admin cannot be removed or demoted. Active once the node's
 * first admin is written ({@link FirstAdmin}), so the users' endpoint, and with it the node, serves
 * only then.
 */
@Component(service = UserAccounts.class)
public final class UserAccounts {

    /** A user as the API shows it: its name and the known roles its groups grant (highest first). */
    public record UserInfo(String name, Set<String> roles) {
    }

    private final UsersFile file;
    private final PasswordHash hash;
    private final Consumer<String> forgetLogins;
    private final TokenStore tokens;

    /**
     * {@code firstAdmin} is only waited for: the security bundle writes the node's first admin into
     * the same file off the start-level thread, and registers it once that write is over.
     */
    @Activate
    public UserAccounts(@Reference LoginGuard guard, @Reference TokenStore tokens, @Reference FirstAdmin firstAdmin) {
        this(new UsersFile(Paths.get(System.getProperty("karaf.etc"), "users.properties")), new PasswordHash(),
                guard::forget, tokens);
    }

    UserAccounts(UsersFile file, PasswordHash hash, Consumer<String> forgetLogins, TokenStore tokens) {
        this.file = file;
        this.hash = hash;
        this.forgetLogins = forgetLogins;
        this.tokens = tokens;
    }

    UserAccounts(Path usersFile, PasswordHash hash, Consumer<String> forgetLogins, TokenStore tokens) {
        this(new UsersFile(usersFile), hash, forgetLogins, tokens);
    }

    public synchronized List<UserInfo> list() throws IOException {
        List<UserInfo> users = new ArrayList<>();
        for (Account account : file.accounts().values()) {
            users.add(info(account));
        }
        return users;
    }

    public synchronized Optional<UserInfo> find(String name) throws IOException {
        return file.account(name).map(UserAccounts::info);
    }

    public synchronized UserInfo add(String name, String password, Set<String> roles) throws AccountException, IOException {
        if (!UsersFile.isValidName(name)) {
            throw AccountException.invalid("a user name has 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Set<String> granted = roles(roles);
        checkPassword(name, password);
        if (file.account(name).isPresent()) {
            throw AccountException.conflict("user_exists", "user " + name + " exists already");
        }
        file.addUser(name, stored(password), granted.stream().map(Roles::groupOf).toList());
        return new UserInfo(name, granted);
    }

    public synchronized void changePassword(String name, String password) throws AccountException, IOException {
        Account account = existing(name);
        checkPassword(name, password);
        file.replace(name, new Account(name, stored(password), account.groupsAndRoles()));
        forgetLogins.accept(name);
    }

    public synchronized UserInfo setRoles(String name, Set<String> roles) throws AccountException, IOException {
        Account account = existing(name);
        Set<String> granted = roles(roles);
        if (isAdmin(account) && !granted.contains(Roles.ADMIN) && admins() == 1) {
            throw AccountException.conflict("last_admin", name + " is the last admin; make another user admin first");
        }
        List<String> entries = new ArrayList<>();
        for (String entry : account.groupsAndRoles()) {
            boolean knownGroup = entry.startsWith("_g_:") && Roles.roleOfGroup(entry.substring(4)).isPresent();
            if (!knownGroup && !Roles.KNOWN.contains(entry)) {
                entries.add(entry);
            }
        }
        granted.forEach(role -> entries.add("_g_:" + Roles.groupOf(role)));
        Account changed = new Account(name, account.storedPassword(), entries);
        file.replace(name, changed);
        forgetLogins.accept(name);
        tokens.revokeBeyond(name, granted);
        return info(changed);
    }

    public synchronized void remove(String name) throws AccountException, IOException {
        Account account = existing(name);
        if (isAdmin(account) && admins() == 1) {
            throw AccountException.conflict("last_admin", name + " is the last admin and cannot be removed");
        }
        file.replace(name, null);
        forgetLogins.accept(name);
        tokens.revokeBeyond(name, Set.of());
    }

    private Account existing(String name) throws AccountException, IOException {
        Optional<Account> account = UsersFile.isValidName(name) ? file.account(name) : Optional.empty();
        if (account.isEmpty()) {
            throw AccountException.unknown(name);
        }
        return account.get();
    }

    private static Set<String> roles(Set<String> roles) throws AccountException {
        try {
            return Roles.parse(roles);
        } catch (IllegalArgumentException e) {
            throw AccountException.invalid(e.getMessage());
        }
    }

    private static void checkPassword(String name, String password) throws AccountException {
        Optional<String> violation = PasswordRules.violation(name, password);
        if (violation.isPresent()) {
            throw AccountException.weakPassword(violation.get());
        }
    }

    private String stored(String password) {
        return "{CRYPT}" + hash.hash(password) + "{CRYPT}";
    }

    private int admins() throws IOException {
        int admins = 0;
        for (Account account : file.accounts().values()) {
            admins += isAdmin(account) ? 1 : 0;
        }
        return admins;
    }

    private static boolean isAdmin(Account account) {
        return account.groups().contains(Roles.groupOf(Roles.ADMIN)) || account.directRoles().contains(Roles.ADMIN);
    }

    private static UserInfo info(Account account) {
        Set<String> roles = new LinkedHashSet<>();
        for (String group : account.groups()) {
            Roles.roleOfGroup(group).ifPresent(roles::add);
        }
        roles.addAll(Roles.known(account.directRoles()));
        return new UserInfo(account.name(), Roles.known(roles));
    }
}
