package org.qenex.kernel.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the kernel keeps its files. Under Karaf's data folder, so that they survive restarts of
 * the node and go away with a {@code clean} start together with the rest of the node's state.
 *
 * @param qenexDir {@code ${karaf.data}/qenex}
 */
public record DataLocation(Path qenexDir) {

    /**
     * Resolves against the system property {@code karaf.data}; {@code fallbackDataDir} is used
     * only outside Karaf (unit tests, tools), where that property is not set.
     */
    public static DataLocation resolve(String fallbackDataDir) {
        String karafData = System.getProperty("karaf.data");
        String base = karafData != null && !karafData.isBlank() ? karafData : fallbackDataDir;
        return new DataLocation(Paths.get(base).toAbsolutePath().resolve("qenex"));
    }

    /** {@code ${karaf.data}/qenex/kernel}: the kernel's own files. */
    public Path kernelDir() {
        return qenexDir.resolve("kernel");
    }
}
