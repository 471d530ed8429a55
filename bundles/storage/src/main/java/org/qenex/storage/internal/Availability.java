package org.qenex.storage.internal;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the engine still serves: it stops for good when closed or after a write it could not
 * complete, because the index and journal may then disagree until the next open replays the journal.
 */
final class Availability {

    // Logged under the engine's name, which is what operators' logging configuration knows.
    private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);

    private final IncidentSink incidents;
    private volatile Throwable failure;
    private volatile boolean closed;

    Availability(IncidentSink incidents) {
        this.incidents = incidents;
    }

    /** Throws unless the engine is open and has not failed. */
    void check() {
        if (closed || failure != null) {
            throw unavailable();
        }
    }

    StoreUnavailableException unavailable() {
        return new StoreUnavailableException(StorageException.STORE_UNAVAILABLE,
                closed ? "the store is closed" : "the store stopped after a failure: " + failure.getMessage());
    }

    /** Stops the engine after a failed write and reports it. */
    void fail(String cause, Throwable e) {
        failure = e;
        LOG.error(cause, e);
        incidents.report(HealthStatus.DOWN, cause, "store stopped accepting writes",
                "the next open replays the journal and rebuilds what is needed");
    }

    void markClosed() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** The failure that stopped the engine, or {@code null}. */
    Throwable failure() {
        return failure;
    }
}
