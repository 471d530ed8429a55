/**
 * One-class density estimation for anomaly detection: the {@link org.qenex.api.anomaly.DensityEstimator}
 * service fits a density to a baseline of normal feature vectors, and the fitted
 * {@link org.qenex.api.anomaly.FittedDensity} scores a new vector by its log-density. The types
 * use plain arrays, so a consumer (the intrusion detector) needs no learning library and works
 * without any provider present.
 *
 * @since 1.0.0
 */
@Version("1.0.0")
@Export
package org.qenex.api.anomaly;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
