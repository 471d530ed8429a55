package org.qenex.monitoring.internal.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Where one rule stands, from one evaluation to the next: inactive, pending (the condition holds,
 * not yet for its duration) or firing. A firing rule only resolves, so the same alert never fires
 * twice at once. Not thread-safe: the engine evaluates under its lock.
 */
final class RuleState {

    enum Phase {
        INACTIVE, PENDING, FIRING
    }

    /** What an evaluation changed. */
    enum Transition {
        NONE, FIRED, RESOLVED
    }

    private final AlertRule rule;
    private Phase phase = Phase.INACTIVE;
    private Instant since;
    private double value = Double.NaN;
    // For rate rules: the previous evaluation's raw figures.
    private double previousMeasured = Double.NaN;
    private double previousDivisor = Double.NaN;
    private Instant previousAt;

    RuleState(AlertRule rule) {
        this.rule = rule;
    }

    AlertRule rule() {
        return rule;
    }

    Phase phase() {
        return phase;
    }

    /** Since when the rule is pending or firing; {@code null} while inactive. */
    Instant since() {
        return since;
    }

    /** The value of the last evaluation; NaN if it had no data. */
    double value() {
        return value;
    }

    Transition evaluate(MetricSnapshots scrape, Instant now) {
        value = measure(scrape, now);
        boolean holds = !Double.isNaN(value) && rule.comparison().holds(value, rule.threshold());
        if (!holds) {
            Phase was = phase;
            phase = Phase.INACTIVE;
            since = null;
            return was == Phase.FIRING ? Transition.RESOLVED : Transition.NONE;
        }
        if (phase == Phase.INACTIVE) {
            phase = Phase.PENDING;
            since = now;
        }
        if (phase == Phase.PENDING && !Duration.between(since, now).minus(rule.holdFor()).isNegative()) {
            phase = Phase.FIRING;
            since = now;
            return Transition.FIRED;
        }
        return Transition.NONE;
    }

    /** Ends a firing rule whose configuration was removed or replaced. */
    boolean stop() {
        boolean wasFiring = phase == Phase.FIRING;
        phase = Phase.INACTIVE;
        since = null;
        return wasFiring;
    }

    private double measure(MetricSnapshots scrape, Instant now) {
        OptionalDouble measured = rule.measured().valueIn(scrape);
        OptionalDouble divisor = rule.divisor() == null ? OptionalDouble.of(1) : rule.divisor().valueIn(scrape);
        if (!rule.rate()) {
            return measured.isPresent() && divisor.isPresent() && divisor.getAsDouble() != 0
                    ? measured.getAsDouble() / divisor.getAsDouble() : Double.NaN;
        }
        double m = measured.orElse(Double.NaN);
        double d = divisor.orElse(Double.NaN);
        double result = Double.NaN;
        if (previousAt != null && !Double.isNaN(m) && !Double.isNaN(previousMeasured)) {
            double seconds = Duration.between(previousAt, now).toMillis() / 1000.0;
            if (seconds > 0) {
                // A counter that went down was reset (its bundle restarted): its value is the increase since.
                double increase = m >= previousMeasured ? m - previousMeasured : m;
                if (rule.divisor() == null) {
                    result = increase / seconds;
                } else if (!Double.isNaN(d) && !Double.isNaN(previousDivisor)) {
                    double divisorIncrease = d >= previousDivisor ? d - previousDivisor : d;
                    result = divisorIncrease == 0 ? Double.NaN : increase / divisorIncrease;
                }
            }
        }
        previousMeasured = m;
        previousDivisor = d;
        previousAt = now;
        return result;
    }
}
