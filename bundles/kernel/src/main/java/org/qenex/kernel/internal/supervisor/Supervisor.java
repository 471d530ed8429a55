package org.qenex.kernel.internal.supervisor;

import java.util.List;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;

/** The kernel's supervisor as the shell and the REST API see it. */
public interface Supervisor {

    /** Every supervised part, sorted by name. */
    List<PartView> parts();

    /** The worst status of all parts; a quarantined part counts as {@code DOWN}. */
    HealthStatus overallHealth();

    /**
     * Lifts the part's quarantine, forgets its restarts and starts it again.
     *
     * @return the incident that records the heal and whether the part came back
     * @throws IllegalArgumentException if no part has that name
     */
    Incident heal(String part);
}
