package org.qenex.ai.internal.node;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the AI bundle keeps its files: {@code ${karaf.data}/qenex/ai} (the fallback only outside Karaf). */
public final class AiDataLocation {

    private AiDataLocation() {
    }

    public static Path qenexDir(String fallbackDataDir) {
        String karafData = System.getProperty("karaf.data");
        String base = karafData != null && !karafData.isBlank() ? karafData : fallbackDataDir;
        return Paths.get(base).toAbsolutePath().resolve("qenex");
    }

    public static Path aiDir(String fallbackDataDir) {
        return qenexDir(fallbackDataDir).resolve("ai");
    }
}
