/**
 * What a QENEX plugin says about itself.
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
