/**
 * What a QENEX plugin says about itself, and what it adds to the node's own views.
 *
 * <p>1.1.0: {@link org.qenex.api.plugin.StatusContributor}.
 *
 * @since 1.0.0
 */
@Version("1.1.0")
@Export
package org.qenex.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
