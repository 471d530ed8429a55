/**
 * How a bundle adds an endpoint to the node's REST API under {@code /api}.
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
