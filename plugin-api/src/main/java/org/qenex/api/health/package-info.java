/**
 * Health of a QENEX node: the {@link org.qenex.api.health.HealthCheck} services any bundle may
 * register, and the {@link org.qenex.api.health.IncidentLog} in which the kernel records every
 * failure it detects and every action it takes.
 *
 * <p>1.1.0: {@link org.qenex.api.health.HealthCheck#CRITICAL}, non-critical checks.
 *
 * @since 1.0.0
 */
@Version("1.1.0")
@Export
package org.qenex.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
