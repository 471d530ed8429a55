package org.qenex.security.internal.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.function.Predicate;

import org.qenex.security.internal.UsersFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether {@code etc/users.properties} defines a user, re-read only when the file changes. When
 * the file cannot be read every user counts as known (the realm then decides, as before).
 */
final class KnownUsers implements Predicate<String> {

    private static final Logger LOG = LoggerFactory.getLogger(KnownUsers.class);

    private final Path file;
    private FileTime readAt;
    private Set<String> names = Set.of();

    KnownUsers(Path file) {
        this.file = file;
    }

    @Override
    public synchronized boolean test(String user) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(readAt)) {
                names = Set.copyOf(new UsersFile(file).users());
                readAt = modified;
            }
            return names.contains(user);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.toString());
            return true;
        }
    }
}
