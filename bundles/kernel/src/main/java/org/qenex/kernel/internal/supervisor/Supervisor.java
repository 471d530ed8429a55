package org.qenex.kernel.internal.supervisor;

import java.util.List;
import java.util.Optional;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;

/** The kernel's supervisor as the shell and the REST API see it. */
public interface Supervisor {

    /** Every supervised part, sorted by name. */
    List<PartView> parts();

    /**
     * The worst status of all parts; a quarantined part counts as {@code DOWN}. A non-critical health
     * check (and its quarantine) counts as {@code DEGRADED} at worst.
     */
    HealthStatus overallHealth();

    /**
     * Why the node does not serve requests yet, or empty once it does: the framework has finished
     * booting and every REST endpoint of the node's own bundles is registered. Plugins' endpoints
     * do not count. Once serving, always serving: later failures show in {@link #overallHealth()}.
     */
    Optional<String> notServing();

    /**
     * Lifts the part's quarantine, forgets its restarts and starts it again.
     *
     * @return the incident that records the heal and whether the part came back
     * @throws IllegalArgumentException if no part has that name
     */
    Incident heal(String part);
}
