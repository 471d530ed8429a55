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
 * @since 1.0.0
 */
@ConsumerType
public interface HealthCheck {

    /** Service property: the check's name, shown to operators. */
    String NAME = "qenex.health.name";

    /** Runs the check once. */
    HealthResult check();
}
