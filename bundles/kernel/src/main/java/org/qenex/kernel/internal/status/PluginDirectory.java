package org.qenex.kernel.internal.status;

import java.util.List;

/** Every plugin registered on the node. */
public interface PluginDirectory {

    /** Sorted by name. */
    List<PluginView> plugins();
}
