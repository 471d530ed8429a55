/**
 * Background work: the {@link org.qenex.api.work.WorkScheduler} service through which every
 * bundle runs its background jobs, so that the kernel can throttle them under load.
 *
 * <p>1.1.0: {@code serviceBusy}, {@code awaitQuiet}. 1.2.0: {@code scheduleAtFixedRate}.
 *
 * @since 1.0.0
 */
@Version("1.2.0")
@Export
package org.qenex.api.work;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
