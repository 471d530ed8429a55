package org.qenex.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeFilePermissionsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void takesGroupAndWorldAwayFromSecretsAndLogsAndCreatesTheHistoryOwnerOnly() throws Exception {
        Path etc = Files.createDirectories(temp.getRoot().toPath().resolve("etc"));
        Path data = temp.getRoot().toPath().resolve("data");
        Path users = file(etc.resolve("users.properties"), "rw-r--r--");
        Path log = file(data.resolve("log/karaf.log"), "rw-rw-r--");
        Path rotated = file(data.resolve("log/karaf.log.1"), "rw-r-----");
        Path config = file(etc.resolve("org.qenex.chain.cfg"), "rw-r--r--");
        Path history = data.resolve("qenex/shell/history");

        List<Path> changed = new NodeFilePermissions(etc, data, history).apply();

        assertEquals("rw-------", mode(users));
        assertEquals("rw-------", mode(log));
        assertEquals("rw-------", mode(rotated));
        assertEquals("rw-------", mode(history));
        assertEquals("other configuration is left alone", "rw-r--r--", mode(config));
        assertTrue(changed.containsAll(List.of(users, log, rotated)));

        assertEquals("nothing to do the second time", List.of(), new NodeFilePermissions(etc, data, history).apply());
    }

    @Test
    public void keepsAnExistingHistoryAndNarrowsItsMode() throws Exception {
        Path etc = Files.createDirectories(temp.getRoot().toPath().resolve("etc"));
        Path history = file(temp.getRoot().toPath().resolve("history"), "rw-r--r--");
        Files.writeString(history, "qenex:status\n");

        new NodeFilePermissions(etc, temp.getRoot().toPath().resolve("data"), history).apply();

        assertEquals("qenex:status\n", Files.readString(history));
        assertEquals("rw-------", mode(history));
    }

    private static Path file(Path path, String mode) throws Exception {
        Files.createDirectories(path.getParent());
        Files.createFile(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        return path;
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
