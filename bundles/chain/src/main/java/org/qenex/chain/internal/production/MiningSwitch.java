package org.qenex.chain.internal.production;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Remembers that mining was started, and for which contributor, in a small file, so that a
 * restart of the node or an update of the chain bundle resumes it: an operator who ran
 * {@code qenex:mine start} expects mining to go on until {@code qenex:mine stop}.
 */
final class MiningSwitch {

    private final Path file;

    MiningSwitch(Path file) {
        this.file = file;
    }

    /** The contributor mining was started for ("" for none), if it was left on. */
    Optional<String> remembered() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void on(String contributor) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, contributor == null ? "" : contributor, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void off() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
