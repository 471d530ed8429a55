/**
 * Benchmark tasks for the node's cumulative model: the {@link org.qenex.api.ai.BenchmarkTask}
 * service a bundle registers to add a task (domain, data with its hash, public and sealed
 * held-out splits, metric), and the data types it is described with. The types are independent
 * of any learning library, so a task bundle needs nothing but this package.
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.ai;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
