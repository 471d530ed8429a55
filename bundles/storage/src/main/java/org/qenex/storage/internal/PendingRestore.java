package org.qenex.storage.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

import org.qenex.api.storage.StorageException;

/**
 * A restore asked for while the node runs, done when the store next opens ({@code restore.request}
 * in the store's folder). A restore replaces what the chain and the AI hold in memory too, so
 * online it needs them stopped; at the next start nothing has read the store yet, and every
 * subsystem starts from the restored content. The file is written whole (a temporary file, then
 * an atomic move), so a crash leaves either the old request or the new one.
 */
public final class PendingRestore {

    /** What will be restored: one backup, or the store as it was at a time. */
    public record Request(String backupId, Instant at, Instant requested, String requestedBy) {
    }

    static final String FILE = "restore.request";
    static final String FAILED = "restore.request.failed";

    private PendingRestore() {
    }

    static Path file(EngineSettings settings) {
        return settings.layout().root().resolve(FILE);
    }

    static void write(EngineSettings settings, Request request) {
        Properties p = new Properties();
        if (request.backupId() != null) {
            p.setProperty("backup", request.backupId());
        }
        if (request.at() != null) {
            p.setProperty("at", request.at().toString());
        }
        p.setProperty("requested", request.requested().toString());
        p.setProperty("by", request.requestedBy());
        Path target = file(settings);
        Path temporary = target.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                p.store(out, "restore at the next start of the store (qenex storage)");
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException(StorageException.IO_FAILURE, "could not record the restore request: " + e.getMessage(), e);
        }
    }

    static Optional<Request> read(EngineSettings settings) {
        Path source = file(settings);
        if (!Files.exists(source)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            p.load(in);
            String at = p.getProperty("at");
            return Optional.of(new Request(p.getProperty("backup"), at == null ? null : Instant.parse(at),
                    Instant.parse(p.getProperty("requested", Instant.EPOCH.toString())), p.getProperty("by", "?")));
        } catch (IOException | DateTimeParseException e) {
            throw new StorageException(StorageException.IO_FAILURE, "unreadable restore request " + source + ": " + e.getMessage(), e);
        }
    }

    static boolean delete(EngineSettings settings) {
        try {
            return Files.deleteIfExists(file(settings));
        } catch (IOException e) {
            throw new StorageException(StorageException.IO_FAILURE, "could not remove the restore request: " + e.getMessage(), e);
        }
    }

    /** Keeps a request that failed beside the store (for the operator), so that it is not tried at every start. */
    static void setAside(EngineSettings settings) {
        try {
            Files.move(file(settings), settings.layout().root().resolve(FAILED), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            delete(settings);
        }
    }
}
