package org.qenex.api.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.qenex.api.node.NodeContext;

/** A node context for tests outside the container: a given id and folder (a JUnit temporary folder). */
public final class FixedNodeContext implements NodeContext {

    private final String nodeId;
    private final Path dataFolder;

    public FixedNodeContext(String nodeId, Path dataFolder) {
        this.nodeId = nodeId;
        this.dataFolder = dataFolder;
    }

    /** Node id {@code qx-000000000001} in {@code dataFolder}. */
    public static FixedNodeContext in(Path dataFolder) {
        return new FixedNodeContext("qx-000000000001", dataFolder);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Path dataFolder() {
        try {
            return Files.createDirectories(dataFolder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
