package org.qenex.kernel.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;

/**
 * Where the node keeps its files: the kernel's one resolver of {@code karaf.data}. Every other
 * bundle gets its folder from the kernel's {@link org.qenex.api.node.NodeContext}, which is built
 * on this; the kernel's own components use it directly. Under Karaf's data folder, so the files
 * survive restarts and go away with a {@code clean} start together with the rest of the node's state.
 *
 * @param qenexDir {@code ${karaf.data}/qenex}
 */
public record DataLocation(Path qenexDir) {

    static final String KARAF_DATA = "karaf.data";

    /**
     * The framework property {@code karaf.data} (Karaf sets it, and a test's context answers it). A
     * node without it is misconfigured: failing here beats writing the node's state into the working directory.
     */
    public static DataLocation of(BundleContext context) {
        String karafData = context.getProperty(KARAF_DATA);
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalStateException("the framework property " + KARAF_DATA + " is not set");
        }
        return new DataLocation(Paths.get(karafData).toAbsolutePath().resolve("qenex"));
    }

    /** {@code ${karaf.data}}: the volume whose free space the resource monitor watches. */
    public Path karafData() {
        return qenexDir.getParent();
    }

    /** {@code ${karaf.data}/qenex/kernel}: the kernel's own files. */
    public Path kernelDir() {
        return qenexDir.resolve("kernel");
    }
}
