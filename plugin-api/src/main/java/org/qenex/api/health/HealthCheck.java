package org.qenex.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check of one part of the node, registered as an OSGi service by any bundle.
 *
 * <p>The kernel runs every registered check on a schedule, shows the results in
 * {@code qenex:health} and {@code /api/v1/status}, and restarts the registering bundle's
 * component when the check reports {@link HealthStatus#DOWN}. A check must return quickly
 * (well under a second) and must not throw; a check that throws or times out counts as DOWN.
 *
 * <p>Register with the service property {@value #NAME} to give the check a stable name;
 * without it the bundle's symbolic name is used.
 *
 * <p>A check is critical unless it is registered with {@value #CRITICAL}{@code =false}. A critical
 * check's {@code DOWN} makes the whole node {@code DOWN}: {@code /api/v1/health} answers 503 and a
 * load balancer takes the node out. A non-critical check (an optional feature, a remote service the
 * node can live without) makes the node at worst {@code DEGRADED}: {@code /api/v1/health} still
 * answers 200. Either kind is shown, with its criticality, in {@code qenex:health} and
 * {@code /api/v1/status}, and the component that registered it is restarted alike.
 *
 * @since 1.0.0
 */
@ConsumerType
public interface HealthCheck {

    /** Service property: the check's name, shown to operators. */
    String NAME = "qenex.health.name";

    /**
     * Service property: {@code false} (a {@code Boolean} or the string) marks the check
     * non-critical, so that its {@code DOWN} makes the node {@code DEGRADED}, not {@code DOWN}.
     * Absent or any other value: critical.
     *
     * @since 1.1.0
     */
    String CRITICAL = "qenex.health.critical";

    /** Runs the check once. */
    HealthResult check();
}
