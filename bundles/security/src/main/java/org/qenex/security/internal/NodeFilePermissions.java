package org.qenex.security.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node's secrets readable by its own user only, at every start: {@code bin/setenv}'s
 * umask covers what the node creates, but not what came out of the archive (etc/users.properties
 * is 0644 in the tar), what was created before (an older log) or a node started by other means
 * (a service manager, a container test).
 *
 * <ul>
 * <li>{@code etc/users.properties}: password hashes;</li>
 * <li>{@code etc/host.key}: the SSH server's private key;</li>
 * <li>{@code data/log/*}: the log names users, addresses and what they did;</li>
 * <li>the shell history file ({@code karaf.history}): created owner-only before the first shell
 * opens it, since the shell would create it with the process's umask.</li>
 * </ul>
 */
final class NodeFilePermissions {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFilePermissions.class);

    private final Path etc;
    private final Path data;
    private final Path history;

    NodeFilePermissions(Path etc, Path data, Path history) {
        this.etc = etc;
        this.data = data;
        this.history = history;
    }

    /** Restricts what exists, creates the history file; returns the files whose permissions changed. */
    List<Path> apply() {
        List<Path> changed = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(etc.resolve("users.properties"), etc.resolve("host.key")));
        Path logs = data.resolve("log");
        if (Files.isDirectory(logs)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(logs)) {
                entries.forEach(files::add);
            } catch (IOException e) {
                LOG.warn("Cannot list {} to restrict its permissions", logs, e);
            }
        }
        if (history != null) {
            files.add(history);
            try {
                if (!Files.exists(history)) {
                    Files.createDirectories(history.toAbsolutePath().getParent());
                    OwnerOnlyFiles.createOwnerOnly(history);
                }
            } catch (IOException e) {
                LOG.warn("Cannot create the shell history file {} owner-only", history, e);
            }
        }
        for (Path file : files) {
            try {
                if (Files.isRegularFile(file) && OwnerOnlyFiles.restrict(file)) {
                    changed.add(file);
                    LOG.info("{} was readable by other users; it is now readable by the node's user only", file);
                }
            } catch (IOException e) {
                LOG.warn("Cannot restrict the permissions of {}", file, e);
            }
        }
        return changed;
    }
}
