package org.qenex.api.plugin;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A few lines a bundle adds to the node's status ({@code GET /api/v1/status} and
 * {@code qenex:status}), registered as an OSGi service (whiteboard).
 *
 * <p>The kernel shows the lines under the name of the {@link QenexPlugin} that the same bundle
 * registered, or under the bundle's symbolic name if it registered none: the name is derived
 * from the registration, not claimed by the contributor. The kernel calls {@link #status()} each
 * time the status is asked for, on a thread of its own and bounded by a timeout of
 * {@value #TIMEOUT_MILLIS} ms: a contributor that throws or does not answer in time is shown with
 * an error instead of its lines, and never delays or breaks the rest of the status. A contributor
 * whose previous call has not returned yet is not called again until it does.
 *
 * <p>The kernel keeps at most {@value #MAX_LINES} lines per contributor, labels of at most
 * {@value #MAX_LABEL_LENGTH} characters and values of at most {@value #MAX_VALUE_LENGTH}
 * characters; what is longer is cut and the cut is marked. Lines are status, not data: a count, a
 * state, the time of the last success.
 *
 * @since 1.1.0
 */
@ConsumerType
public interface StatusContributor {

    /** How long the kernel waits for {@link #status()}. */
    long TIMEOUT_MILLIS = 250;

    /** The most lines kept per contributor. */
    int MAX_LINES = 16;

    /** The longest label kept. */
    int MAX_LABEL_LENGTH = 40;

    /** The longest value kept. */
    int MAX_VALUE_LENGTH = 200;

    /**
     * The lines to show now, label to value, in the map's iteration order (return a
     * {@link java.util.LinkedHashMap} to choose it). Must be quick and side-effect free; may be
     * called from several threads.
     */
    Map<String, String> status();
}
