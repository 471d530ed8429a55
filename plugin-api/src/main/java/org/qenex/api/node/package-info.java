/**
 * What a bundle may know about the node it runs in: {@link org.qenex.api.node.NodeContext}.
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
