package org.qenex.security.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Karaf's {@code etc/users.properties}, read and extended as text so that the operator's comments
 * and layout survive.
 */
final class UsersFile {

    private static final String GROUP_PREFIX = "_g_";

    private final Path path;

    UsersFile(Path path) {
        this.path = path;
    }

    /** The names of the users (not groups) the file defines. */
    List<String> users() throws IOException {
        List<String> users = new ArrayList<>();
        if (!Files.exists(path)) {
            return users;
        }
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int separator = indexOfSeparator(trimmed);
            String key = (separator < 0 ? trimmed : trimmed.substring(0, separator)).strip();
            if (!key.startsWith(GROUP_PREFIX)) {
                users.add(key.replace("\\", ""));
            }
        }
        return users;
    }

    /**
     * Appends a user and replaces the file atomically, so a crash leaves the old or the new
     * file, never half of one.
     */
    void addUser(String name, String storedPassword, String group) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid user name: " + name);
        }
        String content = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        if (!content.isEmpty() && !content.endsWith("\n")) {
            content += "\n";
        }
        content += name + " = " + storedPassword + "," + GROUP_PREFIX + ":" + group + "\n";
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int indexOfSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }
}
