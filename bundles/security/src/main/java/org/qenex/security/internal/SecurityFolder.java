package org.qenex.security.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the security subsystem keeps its files: {@code ${karaf.data}/qenex/security}. */
public final class SecurityFolder {

    private SecurityFolder() {
    }

    /** {@code fallbackDataDir} stands in for {@code karaf.data} only outside Karaf (tests, tools). */
    public static Path resolve(String fallbackDataDir) {
        String karafData = System.getProperty("karaf.data");
        String base = karafData != null && !karafData.isBlank() ? karafData : fallbackDataDir;
        return Paths.get(base).toAbsolutePath().resolve("qenex").resolve("security");
    }
}
