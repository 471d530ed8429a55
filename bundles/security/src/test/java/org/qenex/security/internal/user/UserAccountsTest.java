package org.qenex.security.internal.user;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.testing.ManualClock;
import org.qenex.security.internal.PasswordHash;
import org.qenex.security.internal.token.IssuedToken;
import org.qenex.security.internal.token.TokenStore;

public class UserAccountsTest {

    private static final String HEADER = "# QENEX users\n_g_\\:admingroup = group,admin,operator,viewer,ssh\n"
            + "_g_\\:viewergroup = group,viewer,ssh\n";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path users;
    private TokenStore tokens;
    private final List<String> forgotten = new ArrayList<>();
    private UserAccounts accounts;

    @Before
    public void setUp() throws Exception {
        users = folder.getRoot().toPath().resolve("users.properties");
        Files.writeString(users, HEADER + "admin = {CRYPT}pbkdf2-sha256$1000$AAAA$BBBB{CRYPT},_g_\\:admingroup\n");
        tokens = new TokenStore(folder.getRoot().toPath().resolve("tokens.json"), new ManualClock(), new SecureRandom());
        accounts = new UserAccounts(users, new PasswordHash(new SecureRandom(), 1000), forgotten::add, tokens);
    }

    @Test
    public void addsAUserWithAHashedPasswordAndItsGroups() throws Exception {
        accounts.add("olga", "olga's long password", Set.of("operator", "viewer"));

        String content = Files.readString(users);
        assertFalse("no clear password on disk", content.contains("olga's long password"));
        assertTrue(content, content.contains("olga = {CRYPT}pbkdf2-sha256$1000$"));
        assertTrue(content, content.contains(",_g_:operatorgroup,_g_:viewergroup\n"));
        assertTrue("comments and groups kept", content.startsWith(HEADER));
        String stored = content.substring(content.indexOf("olga = {CRYPT}") + 14, content.indexOf("{CRYPT},_g_:operatorgroup"));
        assertTrue(PasswordHash.matches("olga's long password", stored));
        assertEquals(List.of("admin", "olga"), accounts.list().stream().map(UserAccounts.UserInfo::name).toList());
        assertEquals(Set.of("admin"), accounts.find("admin").orElseThrow().roles());
    }

    @Test
    public void refusesBadNamesWeakPasswordsUnknownRolesAndDuplicates() {
        assertEquals("weak_password", assertThrows(AccountException.class,
                () -> accounts.add("pete", "pete", Set.of("viewer"))).code());
        assertEquals(400, assertThrows(AccountException.class,
                () -> accounts.add("bad name", "a long enough pass", Set.of("viewer"))).status());
        assertEquals(400, assertThrows(AccountException.class,
                () -> accounts.add("pete", "a long enough pass", Set.of("root"))).status());
        assertEquals(409, assertThrows(AccountException.class,
                () -> accounts.add("admin", "a long enough pass", Set.of("viewer"))).status());
        assertEquals(404, assertThrows(AccountException.class,
                () -> accounts.changePassword("nobody", "a long enough pass")).status());
    }

    @Test
    public void passwordAndRoleChangesTakeEffectAtOnce() throws Exception {
        accounts.add("olga", "olga's long password", Set.of("operator"));
        IssuedToken operatorToken = tokens.create("olga", Set.of("operator", "viewer"), "run", Set.of("operator"),
                Duration.ofDays(1));
        IssuedToken viewerToken = tokens.create("olga", Set.of("operator", "viewer"), "read", Set.of("viewer"),
                Duration.ofDays(1));

        accounts.changePassword("olga", "olga's new long password");
        String line = Files.readAllLines(users).stream().filter(l -> l.startsWith("olga")).findFirst().orElseThrow();
        assertTrue(line, line.endsWith(",_g_:operatorgroup"));
        assertTrue(PasswordHash.matches("olga's new long password", line.substring(14, line.indexOf("{CRYPT},"))));

        assertEquals(Set.of("viewer"), accounts.setRoles("olga", Set.of("viewer")).roles());
        assertEquals(List.of("olga", "olga"), forgotten);
        assertFalse("a token beyond the new roles is revoked", tokens.check(operatorToken.secret()).isValid());
        assertTrue(tokens.check(viewerToken.secret()).isValid());

        accounts.remove("olga");
        assertTrue(accounts.find("olga").isEmpty());
        assertFalse("a removed user's tokens are revoked", tokens.check(viewerToken.secret()).isValid());
    }

    @Test
    public void theLastAdminStays() throws Exception {
        assertEquals("last_admin", assertThrows(AccountException.class, () -> accounts.remove("admin")).code());
        assertEquals("last_admin", assertThrows(AccountException.class,
                () -> accounts.setRoles("admin", Set.of("viewer"))).code());

        accounts.add("ada", "ada's long password", Set.of("admin"));
        accounts.setRoles("admin", Set.of("viewer"));
        assertEquals(Set.of("viewer"), accounts.find("admin").orElseThrow().roles());
    }
}
