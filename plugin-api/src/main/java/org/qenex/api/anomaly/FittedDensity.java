package org.qenex.api.anomaly;

import org.osgi.annotation.versioning.ProviderType;

/** A density fitted by a {@link DensityEstimator}: lower log-density means less like the baseline. */
@ProviderType
public interface FittedDensity {

    /**
     * The natural logarithm of the fitted density at {@code features} (same column order and
     * length as the baseline); finite, comparable only with scores of the same fitted model.
     *
     * @throws IllegalArgumentException if the vector has the wrong length
     */
    double logDensity(double[] features);

    /** The algorithm and its settings, for people, e.g. {@code "Weka EM, 3 clusters, seed 1"}. */
    String algorithm();
}
