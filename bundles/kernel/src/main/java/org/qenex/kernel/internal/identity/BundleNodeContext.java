package org.qenex.kernel.internal.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.qenex.api.node.NodeContext;
import org.qenex.kernel.internal.DataLocation;

/** One {@link NodeContext} per using bundle (bundle scope), so each bundle's folder is its own. */
@Component(name = "org.qenex.kernel.nodecontext", service = NodeContext.class, scope = ServiceScope.BUNDLE)
public final class BundleNodeContext implements NodeContext {

    private static final String NODE_BUNDLE_PREFIX = "org.qenex.";

    private final String nodeId;
    private final Path dataFolder;

    @Activate
    public BundleNodeContext(@Reference NodeIdentity identity, ComponentContext context) {
        this(identity.nodeId(), DataLocation.of(context.getBundleContext()).qenexDir(), context.getUsingBundle().getSymbolicName());
    }

    BundleNodeContext(String nodeId, Path qenexDir, String symbolicName) {
        this.nodeId = nodeId;
        this.dataFolder = qenexDir.resolve(folderName(symbolicName));
    }

    /** {@code org.qenex.ai.tasks} gets {@code ai-tasks}; a plugin gets {@code plugins/<symbolic name>}. */
    static String folderName(String symbolicName) {
        if (symbolicName.startsWith(NODE_BUNDLE_PREFIX) && symbolicName.length() > NODE_BUNDLE_PREFIX.length()) {
            return symbolicName.substring(NODE_BUNDLE_PREFIX.length()).replace('.', '-');
        }
        return "plugins/" + symbolicName;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Path dataFolder() {
        try {
            if (!Files.isDirectory(dataFolder)) {
                Files.createDirectories(dataFolder);
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    // keys, secrets and wallets live in these folders: the node's user only
                    Files.setPosixFilePermissions(dataFolder, PosixFilePermissions.fromString("rwx------"));
                }
            }
            return dataFolder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataFolder, e);
        }
    }
}
