package org.qenex.api.health;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's durable record of incidents, provided by the kernel.
 *
 * <p>Subsystems report what they detect themselves (a failed backup, a corrupt file) here, so
 * that operators find every incident in one place ({@code qenex:incidents},
 * {@code /api/v1/status}). Each recorded incident survives a restart of the node and is
 * published on the EventAdmin topic {@link org.qenex.api.event.QenexTopics#INCIDENT}.
 *
 * @since 1.0.0
 */
@ProviderType
public interface IncidentLog {

    /**
     * Records an incident durably and publishes it.
     *
     * @return the recorded incident, with its sequence number and time
     */
    Incident report(String part, HealthStatus severity, String cause, String action, String outcome);

    /** The newest incidents, newest first, at most {@code limit} of them. */
    List<Incident> recent(int limit);

    /** The newest incidents about one part, newest first, at most {@code limit} of them. */
    List<Incident> recent(String part, int limit);
}
