package org.qenex.api.anomaly;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fits a probability density to a baseline of normal feature vectors (one-class: no labels).
 * Fitting may take a while (seconds for a few thousand rows), so callers fit off their request
 * path and keep the returned model until the baseline has moved enough to refit.
 *
 * <p>Implementations are deterministic: the same baseline gives the same model (fixed seeds).
 */
@ProviderType
public interface DensityEstimator {

    /**
     * Fits a density to {@code baseline}.
     *
     * @param baseline     rows of equal length, at least one row; not modified and not kept
     * @param featureNames one name per column, for the model's description
     * @return the fitted model, safe to score from several threads
     * @throws IllegalArgumentException if the rows are empty, ragged or do not match the names
     * @throws IllegalStateException    if the algorithm fails on this data
     */
    FittedDensity fit(double[][] baseline, String[] featureNames);
}
