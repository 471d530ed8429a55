/**
 * Background work: the {@link org.qenex.api.work.WorkScheduler} service through which every
 * bundle runs its background jobs, so that the kernel can throttle them under load.
 *
 * @since 1.0.0
 */
@Version("1.1.0")
@Export
package org.qenex.api.work;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
