package org.qenex.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the node's own operating-system user may read: secrets, keys, the users' password
 * hashes. On a file system without POSIX permissions the calls still write, with the defaults.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /**
     * Writes {@code content} to a temporary file created owner-only, then moves it over {@code file}:
     * the secret is never readable by others, not even for a moment, and a crash leaves the old
     * file or the new one.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        createOwnerOnly(temp);
        Files.write(temp, content);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException atomicMoveNotSupported) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates an empty owner-only file. */
    public static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, ownerOnly());
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /**
     * Takes every permission of group and others away from an existing file (a file shipped in the
     * archive, or created before this node's umask applied). Returns whether anything changed.
     */
    public static boolean restrict(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (OWNER_READ_WRITE.containsAll(permissions)) {
                return false;
            }
            permissions.retainAll(OWNER_READ_WRITE);
            Files.setPosixFilePermissions(file, permissions);
            return true;
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
    }
}
