package org.qenex.security.internal.intrusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scores each address's traffic, window by window, against the {@link AnomalyModel} of this
 * node's own baseline. The features that only grow (requests, paths, failed logins, body bytes)
 * are scored on every request, so a burst is caught while it happens; the error ratio is scored
 * when the window closes. Windows that close normal are learnt. While the model has a fitted
 * density (the AI bundle's Weka EM), the density judges; otherwise the median/MAD z-scores do.
 */
final class AnomalyRule implements RequestRule {

    private final AnomalyModel model;
    private final long windowMillis;
    private final double threshold;
    private final int minWindows;
    private final int maxAddresses;
    private final boolean blocks;
    private final Map<String, TrafficWindow> open = new HashMap<>();

    AnomalyRule(AnomalyModel model, long windowMillis, double threshold, int minWindows, int maxAddresses, boolean blocks) {
        this.model = model;
        this.windowMillis = windowMillis;
        this.threshold = threshold;
        this.minWindows = minWindows;
        this.maxAddresses = maxAddresses;
        this.blocks = blocks;
    }

    @Override
    public Optional<Detection> observe(FinishedRequest request, long now) {
        Optional<Detection> closed;
        TrafficWindow window;
        synchronized (open) {
            window = open.get(request.address());
            closed = Optional.empty();
            if (window != null && now - window.start >= windowMillis) {
                closed = close(request.address(), window);
                window = null;
            }
            if (window == null) {
                if (open.size() >= maxAddresses) {
                    return closed;
                }
                window = new TrafficWindow(now);
                open.put(request.address(), window);
            }
            window.add(request);
        }
        if (closed.isPresent()) {
            return closed;
        }
        return judge(request.address(), window, TrafficWindow.MONOTONE, "so far in this window");
    }

    @Override
    public Optional<Detection> loginFailed(String address, String user, long now) {
        synchronized (open) {
            TrafficWindow window = open.get(address);
            if (window != null) {
                window.loginFailed();
            }
        }
        return Optional.empty();
    }

    @Override
    public void forget(String address) {
        synchronized (open) {
            open.remove(address);
        }
    }

    /** Closes windows that ended (learning the normal ones); returns what the closing found. */
    List<Detection> closeExpired(long now) {
        List<Detection> found = new ArrayList<>();
        synchronized (open) {
            Iterator<Map.Entry<String, TrafficWindow>> it = open.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, TrafficWindow> entry = it.next();
                if (now - entry.getValue().start >= windowMillis) {
                    it.remove();
                    judgeClosed(entry.getKey(), entry.getValue()).ifPresent(found::add);
                }
            }
        }
        return found;
    }

    @Override
    public void sweep(long now) {
        closeExpired(now);
    }

    private Optional<Detection> close(String address, TrafficWindow window) {
        open.remove(address);
        return judgeClosed(address, window);
    }

    private Optional<Detection> judgeClosed(String address, TrafficWindow window) {
        Optional<Detection> detection = judge(address, window, TrafficWindow.NAMES.length, "in a closed window");
        if (detection.isEmpty()) {
            model.learn(window.features());
        }
        return detection;
    }

    private Optional<Detection> judge(String address, TrafficWindow window, int features, String when) {
        if (model.size() < minWindows) {
            return Optional.empty();
        }
        double[] x = window.features();
        AnomalyModel.Score score = model.score(x, features);
        int f = score.feature();
        double typical = f == TrafficWindow.MONOTONE ? score.median() : Math.expm1(score.median());
        Optional<AnomalyModel.DensityScore> density = model.densityScore(x, features);
        if (density.isPresent()) {
            AnomalyModel.DensityScore judged = density.get();
            if (!judged.anomalous()) {
                return Optional.empty();
            }
            // The z-scores still name the feature that deviates most, so the incident explains itself.
            return Optional.of(new Detection("anomaly", address, String.format(Locale.ROOT,
                    "unusual traffic from %s: log-density %.2f %s is below the p%.1f %.2f of this node's baseline"
                            + " (model: %s, over %d windows of %d s); most unusual: %s %.3g where the baseline median is %.3g",
                    address, judged.logDensity(), when, AnomalyModel.DENSITY_QUANTILE * 100, judged.density().threshold(),
                    judged.density().fitted().algorithm(), judged.density().windows(), windowMillis / 1000,
                    TrafficWindow.NAMES[f], window.raw(f), typical), blocks));
        }
        if (score.value() < threshold) {
            return Optional.empty();
        }
        return Optional.of(new Detection("anomaly", address, String.format(Locale.ROOT,
                "unusual traffic from %s: %s %.3g %s, where this node's baseline median is %.3g"
                        + " (model: median/MAD, robust z %.1f over %d windows of %d s)",
                address, TrafficWindow.NAMES[f], window.raw(f), when, typical,
                score.value(), model.size(), windowMillis / 1000), blocks));
    }
}
