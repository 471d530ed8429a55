package org.qenex.storage.internal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.UnknownBackupException;

/** The backup archives in one folder: listing, lookup by id, retention. */
public final class BackupCatalog {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Ids are generated, never chosen: anything else (a path, say) is refused before any file access. */
    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{9}Z-\\d{1,19}");

    private final Path dir;

    public BackupCatalog(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    static String newId(Instant created, long position) {
        return ID_TIME.format(created) + "-" + position;
    }

    /** Every readable backup, oldest first. */
    public List<BackupInfo> list() throws IOException {
        List<BackupInfo> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".zip") || !ID.matcher(name.substring(0, name.length() - 4)).matches()) {
                    continue;
                }
                try {
                    Manifest m = BackupArchive.manifest(p);
                    long entries = m.namespaces().stream().mapToLong(Manifest.NamespaceEntry::entries).sum();
                    found.add(new BackupInfo(m.id(), Instant.ofEpochMilli(m.createdMillis()), m.position(),
                            m.namespaces().size(), entries, Files.size(p)));
                } catch (IOException | RuntimeException e) {
                    // An unreadable archive is not offered for restore; verify(id) explains why.
                }
            }
        }
        found.sort(Comparator.comparing(BackupInfo::created).thenComparing(BackupInfo::position));
        return found;
    }

    /**
     * The archive of backup {@code id}.
     *
     * @throws InvalidInputException if {@code id} is not a backup id
     * @throws UnknownBackupException if there is no such backup
     */
    public Path archive(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT,
                    "not a backup id (expected yyyyMMddTHHmmssSSSZ-position): " + (id == null ? "null" : id.length() > 60 ? id.substring(0, 60) : id));
        }
        Path archive = dir.resolve(id + ".zip");
        if (!Files.isRegularFile(archive)) {
            throw new UnknownBackupException(StorageException.UNKNOWN_BACKUP, "no backup with id " + id);
        }
        return archive;
    }

    /**
     * Deletes the oldest backups beyond {@code keep}, and those older than {@code maxAge}; the
     * newest backup is always kept.
     *
     * @return the ids deleted
     */
    public List<String> applyRetention(int keep, Duration maxAge, Instant now) throws IOException {
        List<BackupInfo> all = list();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - 1; i++) {
            BackupInfo b = all.get(i);
            boolean tooMany = all.size() - i > Math.max(1, keep);
            boolean tooOld = b.created().isBefore(now.minus(maxAge));
            if (tooMany || tooOld) {
                Files.deleteIfExists(dir.resolve(b.id() + ".zip"));
                deleted.add(b.id());
            }
        }
        return deleted;
    }
}
