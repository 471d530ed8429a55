package org.qenex.api.node;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node as one bundle sees it: its id and the bundle's own data folder. The kernel registers it
 * with bundle scope, so every bundle that gets the service gets its own folder; no bundle resolves
 * {@code karaf.data} itself or reads another bundle's files.
 *
 * <p>Folders, all under {@code ${karaf.data}/qenex/}: a node bundle {@code org.qenex.<name>} gets
 * {@code <name>} with dots turned into dashes ({@code org.qenex.ai.tasks} gets {@code ai-tasks}); any
 * other bundle (a plugin) gets {@code plugins/<symbolic name>}. The folder is created on first use,
 * readable by the node's user only, and goes away with {@code karaf clean} like the rest of the
 * node's state.
 */
@ProviderType
public interface NodeContext {

    /** Generated at the node's first start and kept across restarts, for example {@code qx-3f9a0c12be47}. */
    String nodeId();

    /** The calling bundle's own data folder; exists when this returns. */
    Path dataFolder();
}
