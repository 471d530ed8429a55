package org.qenex.security.internal.intrusion;

import java.util.HashSet;
import java.util.Set;

/** What one address did during one window of time: the anomaly model's raw material. */
final class TrafficWindow {

    /** Feature names, in the order of {@link #features()}. */
    static final String[] NAMES = {"requests", "distinct paths", "failed logins", "body bytes", "error ratio"};
    /** Features 0-3 only grow while the window is open; the error ratio can go either way. */
    static final int MONOTONE = 4;
    private static final int MAX_PATHS = 1024;

    final long start;
    private long requests;
    private long errors;
    private long failedLogins;
    private long bodyBytes;
    private final Set<String> paths = new HashSet<>();

    TrafficWindow(long start) {
        this.start = start;
    }

    void add(FinishedRequest request) {
        requests++;
        if (request.status() >= 400) {
            errors++;
        }
        if (request.failedLogin()) {
            failedLogins++;
        }
        bodyBytes += Math.max(0, request.bodyBytes());
        if (paths.size() < MAX_PATHS) {
            paths.add(request.path());
        }
    }

    void loginFailed() {
        failedLogins++;
    }

    long requests() {
        return requests;
    }

    /** The raw counts behind feature {@code i}, for people. */
    double raw(int i) {
        return switch (i) {
            case 0 -> requests;
            case 1 -> paths.size();
            case 2 -> failedLogins;
            case 3 -> bodyBytes;
            default -> requests == 0 ? 0 : (double) errors / requests;
        };
    }

    /**
     * The feature vector: counts on a log scale ({@code log1p}), since traffic is heavy-tailed and
     * "ten times the usual" should weigh the same at any level; the error ratio as it is.
     */
    double[] features() {
        return new double[] {Math.log1p(requests), Math.log1p(paths.size()), Math.log1p(failedLogins),
                Math.log1p(bodyBytes), requests == 0 ? 0 : (double) errors / requests};
    }
}
