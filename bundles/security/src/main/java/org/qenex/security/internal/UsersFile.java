package org.qenex.security.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Karaf's {@code etc/users.properties}, read and edited as text so that the operator's comments
 * and layout survive. Every change replaces the file atomically, so a crash leaves the old or the
 * new file, never half of one. Only hashed passwords are ever written through this class.
 */
public final class UsersFile {

    /** A user's line: the stored (hashed) password, then groups ({@code _g_:name}) and roles. */
    public record Account(String name, String storedPassword, List<String> groupsAndRoles) {

        public Account {
            groupsAndRoles = List.copyOf(groupsAndRoles);
        }

        /** The groups this user is in, without the {@code _g_:} prefix. */
        public List<String> groups() {
            List<String> groups = new ArrayList<>();
            for (String entry : groupsAndRoles) {
                if (entry.startsWith(GROUP_PREFIX)) {
                    groups.add(entry.substring(GROUP_PREFIX.length()));
                }
            }
            return groups;
        }

        /** Roles given to the user directly, not through a group. */
        public List<String> directRoles() {
            return groupsAndRoles.stream().filter(entry -> !entry.startsWith(GROUP_PREFIX)).toList();
        }
    }

    static final String GROUP_PREFIX = "_g_:";
    private static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";

    private final Path path;

    public UsersFile(Path path) {
        this.path = path;
    }

    /** Whether {@code name} is acceptable as a user name (letters, digits, {@code . _ -}). */
    public static boolean isValidName(String name) {
        return name != null && name.matches(NAME_PATTERN);
    }

    /** The names of the users (not groups) the file defines. */
    public List<String> users() throws IOException {
        return new ArrayList<>(accounts().keySet());
    }

    /** Every user, in file order. */
    public Map<String, Account> accounts() throws IOException {
        Map<String, Account> accounts = new LinkedHashMap<>();
        for (String line : lines()) {
            parse(line).ifPresent(account -> accounts.put(account.name(), account));
        }
        return accounts;
    }

    public Optional<Account> account(String name) throws IOException {
        return Optional.ofNullable(accounts().get(name));
    }

    /** Appends a user. */
    public void addUser(String name, String storedPassword, String group) throws IOException {
        addUser(name, storedPassword, List.of(group));
    }

    /** Appends a user in the given groups. */
    public void addUser(String name, String storedPassword, Collection<String> groups) throws IOException {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid user name: " + name);
        }
        List<String> lines = lines();
        List<String> entries = groups.stream().map(group -> GROUP_PREFIX + group).toList();
        lines.add(format(new Account(name, storedPassword, entries)));
        write(lines);
    }

    /**
     * Replaces a user's line with {@code account}, or removes it when {@code account} is null.
     *
     * @return whether the user existed
     */
    public boolean replace(String name, Account account) throws IOException {
        List<String> lines = lines();
        boolean found = false;
        List<String> edited = new ArrayList<>(lines.size());
        for (String line : lines) {
            Optional<Account> existing = parse(line);
            if (existing.isPresent() && existing.get().name().equals(name)) {
                found = true;
                if (account != null) {
                    edited.add(format(account));
                }
            } else {
                edited.add(line);
            }
        }
        if (found) {
            write(edited);
        }
        return found;
    }

    private List<String> lines() throws IOException {
        return Files.exists(path) ? new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8)) : new ArrayList<>();
    }

    private void write(List<String> lines) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String format(Account account) {
        StringBuilder line = new StringBuilder(account.name()).append(" = ").append(account.storedPassword());
        for (String entry : account.groupsAndRoles()) {
            line.append(',').append(entry);
        }
        return line.toString();
    }

    private static Optional<Account> parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
            return Optional.empty();
        }
        int separator = indexOfSeparator(trimmed);
        String key = (separator < 0 ? trimmed : trimmed.substring(0, separator)).strip().replace("\\", "");
        if (key.startsWith(GROUP_PREFIX)) {
            return Optional.empty();
        }
        String value = separator < 0 ? "" : trimmed.substring(separator + 1).strip();
        if (value.startsWith("=") || value.startsWith(":")) {
            value = value.substring(1).strip();
        }
        String[] parts = value.replace("\\:", ":").split(",");
        List<String> entries = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                entries.add(parts[i].strip());
            }
        }
        return Optional.of(new Account(key, parts[0].strip(), entries));
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
