package org.qenex.kernel.internal.resources;

import java.time.Duration;
import java.util.Optional;

/**
 * Predicts when a rising figure reaches its limit from a least-squares line through recent
 * samples. Only a rise that stands out of the noise counts (slope more than twice its standard
 * error): a noisy flat series must not produce an alarming prediction.
 */
public final class TrendPredictor {

    private final int minPoints;

    /** @param minPoints fewer samples than this give no prediction; at least 3 */
    public TrendPredictor(int minPoints) {
        this.minPoints = Math.max(3, minPoints);
    }

    /**
     * @param timesMillis sample times, ascending
     * @param values the figure at those times
     * @param limit the value at which the resource is exhausted
     * @return time from the last sample until the fitted line reaches {@code limit}; empty if the
     *         figure is not rising significantly; zero if the line is already at the limit
     */
    public Optional<Duration> timeToReach(long[] timesMillis, double[] values, double limit) {
        int n = timesMillis.length;
        if (n != values.length) {
            throw new IllegalArgumentException("times and values differ in length: " + n + " vs " + values.length);
        }
        if (n < minPoints) {
            return Optional.empty();
        }
        // Seconds relative to the first sample keep the sums small and precise.
        double[] x = new double[n];
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (timesMillis[i] - timesMillis[0]) / 1000.0;
            meanX += x[i];
            meanY += values[i];
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (values[i] - meanY);
        }
        if (sxx == 0) {
            return Optional.empty();
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double squaredResiduals = 0;
        for (int i = 0; i < n; i++) {
            double residual = values[i] - (intercept + slope * x[i]);
            squaredResiduals += residual * residual;
        }
        double slopeError = Math.sqrt(squaredResiduals / (n - 2) / sxx);
        if (slope <= 0 || slope <= 2 * slopeError) {
            return Optional.empty();
        }
        double fittedNow = intercept + slope * x[n - 1];
        if (fittedNow >= limit) {
            return Optional.of(Duration.ZERO);
        }
        double seconds = (limit - fittedNow) / slope;
        return Optional.of(seconds > Long.MAX_VALUE / 1000.0 ? Duration.ofSeconds(Long.MAX_VALUE / 1000)
                : Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
