package org.qenex.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FirstAdminTest {

    private static final String GROUPS = "_g_\\:admingroup = group,admin,operator,viewer,ssh\n";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final List<List<String>> usersWhenDone = new ArrayList<>();
    private final List<FirstAdmin> done = new ArrayList<>();

    @Test
    public void isNeededOnlyWhileTheFileHasNoUser() throws Exception {
        Path users = temp.newFile("users.properties").toPath();
        Files.writeString(users, GROUPS);
        assertTrue(FirstAdmin.needed(users));

        Files.writeString(users, GROUPS + "alice = {CRYPT}x{CRYPT},_g_:admingroup\n");
        assertFalse(FirstAdmin.needed(users));
    }

    @Test
    public void saysItIsDoneOnlyOnceTheAdminIsInTheFile() throws Exception {
        Path users = temp.newFile("users.properties").toPath();
        Files.writeString(users, GROUPS);
        FirstAdmin step = step(users);

        Thread thread = new Thread(step, "qenex-first-admin");
        thread.start();
        thread.join();

        assertEquals(1, done.size());
        assertSame(step, done.get(0));
        // what UserAccounts, waiting for the service, would find when it activates
        assertEquals(List.of(List.of("admin")), usersWhenDone);
        assertFalse(FirstAdmin.needed(users));
    }

    @Test
    public void saysItIsDoneWhenTheFileCannotBeWrittenSoTheRestOfTheNodeStillStarts() throws Exception {
        Path users = temp.newFolder("users.properties").toPath();

        step(users).run();

        assertEquals(1, done.size());
    }

    private FirstAdmin step(Path users) {
        return new FirstAdmin(users, temp.getRoot().toPath().resolve("initial-admin-password"),
                Map.of(InitialAdminPassword.ENV_PASSWORD, "a-long-operator-password"),
                new PasswordHash(new SecureRandom(), 1000), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                finished -> {
                    try {
                        usersWhenDone.add(new UsersFile(users).users());
                    } catch (java.io.IOException e) {
                        usersWhenDone.add(List.of("unreadable: " + e));
                    }
                    done.add(finished);
                });
    }
}
