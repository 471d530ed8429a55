package org.qenex.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class InitialAdminPasswordTest {

    private static final String GROUPS = "# the operator's comment\n_g_\\:admingroup = group,admin,operator,viewer,ssh\n";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PasswordHash hash = new PasswordHash(new SecureRandom(), 1000);

    @Test
    public void generatesARandomPasswordWrittenOnceForTheOwnerOnly() throws Exception {
        Path users = usersFile(GROUPS);
        Path secret = temp.getRoot().toPath().resolve("data/qenex/initial-admin-password");

        start(users, secret, Map.of());

        String password = Files.readString(secret).strip();
        assertEquals(20, password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(password));
        String content = Files.readString(users);
        assertTrue("comments survive", content.startsWith(GROUPS));
        assertFalse("no clear password in etc", content.contains(password));
        assertTrue(PasswordHash.matches(password, storedPassword(content)));
        assertTrue(content.contains(",_g_:admingroup"));
    }

    @Test
    public void usesThePasswordFromTheEnvironmentAndWritesNoFile() throws Exception {
        Path users = usersFile(GROUPS);
        Path secret = temp.getRoot().toPath().resolve("initial-admin-password");

        start(users, secret, Map.of(InitialAdminPassword.ENV_PASSWORD, "a-long-operator-password"));

        assertFalse(Files.exists(secret));
        assertFalse(console.toString(StandardCharsets.UTF_8).contains("a-long-operator-password"));
        assertTrue(PasswordHash.matches("a-long-operator-password", storedPassword(Files.readString(users))));
    }

    @Test
    public void refusesATooShortPasswordFromTheEnvironment() throws Exception {
        Path users = usersFile(GROUPS);
        Path secret = temp.getRoot().toPath().resolve("initial-admin-password");

        start(users, secret, Map.of(InitialAdminPassword.ENV_PASSWORD, "short"));

        String stored = storedPassword(Files.readString(users));
        assertFalse(PasswordHash.matches("short", stored));
        assertTrue(PasswordHash.matches(Files.readString(secret).strip(), stored));
    }

    @Test
    public void leavesAnExistingRealmAlone() throws Exception {
        String existing = GROUPS + "alice = {CRYPT}whatever{CRYPT},_g_:admingroup\n";
        Path users = usersFile(existing);
        Path secret = temp.getRoot().toPath().resolve("initial-admin-password");

        start(users, secret, Map.of());

        assertEquals(existing, Files.readString(users));
        assertFalse(Files.exists(secret));
        assertEquals(List.of("alice"), new UsersFile(users).users());
    }

    private void start(Path users, Path secret, Map<String, String> env) throws Exception {
        InitialAdminPassword.createIfNoUser(users, secret, env, hash, new SecureRandom(),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private Path usersFile(String content) throws Exception {
        Path users = temp.newFile("users.properties").toPath();
        Files.writeString(users, content);
        return users;
    }

    private static String storedPassword(String usersFile) {
        String line = usersFile.lines().filter(l -> l.startsWith("admin = ")).findFirst().orElseThrow();
        String value = line.substring("admin = ".length()).split(",")[0];
        assertTrue(value.startsWith("{CRYPT}") && value.endsWith("{CRYPT}"));
        return value.substring(7, value.length() - 7);
    }
}
