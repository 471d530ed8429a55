package org.qenex.security.internal.intrusion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.qenex.api.anomaly.DensityEstimator;
import org.qenex.api.anomaly.FittedDensity;

/**
 * What this node's normal traffic looks like, learnt from its own traffic: per feature of a
 * {@link TrafficWindow}, the median and the median absolute deviation (MAD) of the most recent
 * normal windows. A window scores its largest robust z-score, {@code (x - median) / (1.4826 MAD)},
 * counting only deviations upwards (more requests, more paths, more failures, more errors).
 *
 * <p>Why this and not a Weka classifier: there are no labelled attacks to learn from, only the
 * node's own traffic, so the model must be one-class; median and MAD are the standard robust
 * estimators of location and scale (a breakdown point of 50 %, so a minority of odd windows in
 * the baseline does not drag them), cost microseconds per score, need no library, and every score
 * explains itself ("42 distinct paths where the median is 3"). Windows that score as anomalous are
 * not learnt, so an attacker cannot slowly teach the model that an attack is normal.
 *
 * <p>When a {@link DensityEstimator} service is present (the AI bundle's Weka EM), a density is
 * also fitted to the same baseline, off the request path ({@link #refitDensity}), and while one is
 * fitted it judges instead: a window is anomalous when its log-density is below the
 * {@value #DENSITY_QUANTILE} quantile of the baseline windows' own log-densities. Before scoring,
 * each feature is raised to at least its baseline median, so that, as with the z-scores, a window
 * is never suspicious for doing less than usual. Without the service, or until its first fit,
 * the median/MAD model judges.
 */
final class AnomalyModel {

    /** A scale below which a deviation is not believed: the baseline may be flat. */
    private static final double[] MIN_SCALE = {0.5, 0.5, 0.5, 0.5, 0.1};
    private static final double MAD_TO_SIGMA = 1.4826;

    private final int capacity;
    private final double[][] baseline;
    private int size;
    private int next;
    private double[] median = new double[TrafficWindow.NAMES.length];
    private double[] scale = MIN_SCALE.clone();
    private int learntSinceFit;

    /** The quantile of the baseline's own log-densities below which a window is anomalous. */
    static final double DENSITY_QUANTILE = 0.005;
    /** New windows learnt before the density is refitted (a fit takes up to seconds). */
    static final int DENSITY_REFIT_EVERY = 50;
    private volatile DensityEstimator estimator;
    private volatile Density density;
    private int learntSinceDensity;

    /** Windows the baseline must hold before a density is fitted to it: as many as judging needs. */
    private final int minDensityWindows;

    AnomalyModel(int capacity, int minDensityWindows) {
        this.capacity = capacity;
        this.baseline = new double[capacity][];
        this.minDensityWindows = Math.max(2, minDensityWindows);
    }

    synchronized int size() {
        return size;
    }

    /** Adds a normal window to the baseline (the oldest is forgotten once it is full). */
    synchronized void learn(double[] features) {
        baseline[next] = features.clone();
        learntSinceDensity++;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        // Refitting costs a sort per feature; doing it every few windows is plenty for a baseline of hundreds.
        if (++learntSinceFit >= 10 || size < 100) {
            fit();
        }
    }

    /** The score of a window over the first {@code features} features, and which feature gave it. */
    synchronized Score score(double[] x, int features) {
        double worst = 0;
        int which = 0;
        for (int i = 0; i < features; i++) {
            double z = (x[i] - median[i]) / scale[i];
            if (z > worst) {
                worst = z;
                which = i;
            }
        }
        return new Score(worst, which, median[which]);
    }

    record Score(double value, int feature, double median) {
    }

    /** A density fitted to the baseline, and the log-density below which a window is anomalous. */
    record Density(FittedDensity fitted, double threshold, int windows) {
    }

    /** A window's log-density under the fitted density, and that density. */
    record DensityScore(double logDensity, Density density) {

        boolean anomalous() {
            return logDensity < density.threshold();
        }
    }

    /** Uses {@code service} from its first fit on ({@link #refitDensity}); the median/MAD model judges until then. */
    void useEstimator(DensityEstimator service) {
        density = null;
        estimator = service;
    }

    /** Back to the median/MAD model if {@code service} was the one in use. */
    synchronized void dropEstimator(DensityEstimator service) {
        if (estimator == service) {
            estimator = null;
            density = null;
        }
    }

    /** The fitted density that judges now, or {@code null} when the median/MAD model does. */
    Density density() {
        return density;
    }

    /**
     * Fits the density if an estimator is present, the baseline holds the windows judging needs, and
     * none is fitted yet or the baseline has grown by {@value #DENSITY_REFIT_EVERY} windows since.
     * Slow (a Weka fit): call it off the request path. Fitted on the first two windows, as it was, EM
     * made a cluster of each and put every other window below the threshold; such windows are not
     * learnt, so the density was never refitted and every new client raised an intrusion incident.
     *
     * @return whether it fitted
     * @throws IllegalStateException if the estimator fails (the previous fit, if any, stays)
     */
    boolean refitDensity() {
        DensityEstimator service = estimator;
        double[][] rows;
        double[] floor;
        synchronized (this) {
            if (service == null || size < minDensityWindows || density != null && learntSinceDensity < DENSITY_REFIT_EVERY) {
                return false;
            }
            learntSinceDensity = 0;
            rows = new double[size][];
            for (int i = 0; i < size; i++) {
                rows[i] = baseline[i].clone();
            }
            floor = median.clone();
        }
        FittedDensity fitted = service.fit(rows, TrafficWindow.NAMES.clone());
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = fitted.logDensity(raise(rows[i], floor, rows[i].length));
        }
        Arrays.sort(scores);
        double threshold = scores[(int) Math.floor(DENSITY_QUANTILE * (scores.length - 1))];
        synchronized (this) {
            if (estimator != service) {
                return false; // unbound while fitting
            }
            density = new Density(fitted, threshold, rows.length);
        }
        return true;
    }

    /**
     * The log-density of a window judged over its first {@code features} features (the others take
     * their baseline median), or empty when no density is fitted.
     */
    Optional<DensityScore> densityScore(double[] x, int features) {
        Density current = density;
        if (current == null) {
            return Optional.empty();
        }
        double[] floor;
        synchronized (this) {
            floor = median.clone();
        }
        return Optional.of(new DensityScore(current.fitted().logDensity(raise(x, floor, features)), current));
    }

    /** Each of the first {@code features} values raised to at least its median; the rest set to it. */
    private static double[] raise(double[] x, double[] median, int features) {
        double[] raised = median.clone();
        for (int i = 0; i < features; i++) {
            raised[i] = Math.max(x[i], median[i]);
        }
        return raised;
    }

    private void fit() {
        learntSinceFit = 0;
        double[] column = new double[size];
        for (int f = 0; f < median.length; f++) {
            for (int i = 0; i < size; i++) {
                column[i] = baseline[i][f];
            }
            double m = medianOf(column);
            for (int i = 0; i < size; i++) {
                column[i] = Math.abs(baseline[i][f] - m);
            }
            median[f] = m;
            scale[f] = Math.max(MIN_SCALE[f], MAD_TO_SIGMA * medianOf(column));
        }
    }

    private static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Writes the baseline as CSV (one window per line, oldest first), replacing {@code file} atomically. */
    synchronized void save(Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < size; i++) {
            double[] row = baseline[(next - size + i + capacity) % capacity];
            for (int f = 0; f < row.length; f++) {
                csv.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", row[f]));
            }
            csv.append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Learns the windows saved by {@link #save}; lines it cannot read are skipped. */
    synchronized void load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] cells = line.split(",");
            if (cells.length != TrafficWindow.NAMES.length) {
                continue;
            }
            try {
                double[] row = new double[cells.length];
                for (int f = 0; f < cells.length; f++) {
                    row[f] = Double.parseDouble(cells[f]);
                    if (!Double.isFinite(row[f]) || row[f] < 0) {
                        throw new NumberFormatException(cells[f]);
                    }
                }
                rows.add(row);
            } catch (NumberFormatException e) {
                // a damaged line teaches nothing
            }
        }
        for (double[] row : rows) {
            baseline[next] = row;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
        }
        if (size > 0) {
            fit();
        }
    }
}
