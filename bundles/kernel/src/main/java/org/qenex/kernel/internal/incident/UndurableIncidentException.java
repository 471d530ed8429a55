package org.qenex.kernel.internal.incident;

import java.io.IOException;

import org.qenex.api.health.Incident;

/** The incident got its sequence number and is kept in memory, but could not be written to disk. */
final class UndurableIncidentException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Incident incident;

    UndurableIncidentException(Incident incident, IOException cause) {
        super("incident " + incident.sequence() + " not written: " + cause.getMessage(), cause);
        this.incident = incident;
    }

    Incident incident() {
        return incident;
    }
}
