/**
 * How a bundle adds an endpoint to the node's REST API under {@code /api}: {@link
 * org.qenex.api.http.ApiResource} services with {@link org.qenex.api.http.Route} methods, served
 * by the {@link org.qenex.api.http.ApiDispatcher}.
 *
 * @since 1.0.0
 */
@Version("1.4.0")
@Export
package org.qenex.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
