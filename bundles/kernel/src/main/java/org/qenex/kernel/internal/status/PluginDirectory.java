package org.qenex.kernel.internal.status;

import java.util.List;

/** Every plugin registered on the node. */
public interface PluginDirectory {

    /** Sorted by name. */
    List<PluginView> plugins();

    /** The name of the plugin that bundle {@code bundleId} registered, or {@code null} if it registered none. */
    String nameOf(long bundleId);
}
