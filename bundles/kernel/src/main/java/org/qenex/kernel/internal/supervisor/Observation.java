package org.qenex.kernel.internal.supervisor;

import org.osgi.framework.Bundle;
import org.qenex.api.health.HealthStatus;

/**
 * One part as one supervision round found it.
 *
 * @param part the part's name
 * @param kind its kind
 * @param bundle the bundle it belongs to
 * @param status its status
 * @param message why
 * @param failing whether it needs a restart
 * @param waitingForReference whether it is a component waiting for a reference
 * @param control how to stop and start it
 * @param componentName the component that {@code control} restarts, {@code null} if it restarts the bundle
 * @param endpoint whether it is one of the node's own components that serves REST requests (a servlet or an
 *        API resource of an {@code org.qenex.*} bundle that is not a plugin): the node is not ready until
 *        every such component is registered
 * @param critical whether its DOWN makes the node DOWN (bundles and components always; health checks unless
 *        registered non-critical)
 * @param unanswered whether it is a health check that did not answer within the timeout (slow or hung: the
 *        supervisor decides which by how long it stays unanswered)
 */
record Observation(String part, PartKind kind, Bundle bundle, HealthStatus status, String message, boolean failing,
        boolean waitingForReference, PartControl control, String componentName, boolean endpoint, boolean critical, boolean unanswered) {

    Observation withStatus(HealthStatus newStatus, String newMessage) {
        return new Observation(part, kind, bundle, newStatus, newMessage, failing, waitingForReference, control,
                componentName, endpoint, critical, unanswered);
    }

    /** The same part, judged again: its status, message and whether it needs a restart. */
    Observation judged(HealthStatus newStatus, String newMessage, boolean newFailing) {
        return new Observation(part, kind, bundle, newStatus, newMessage, newFailing, waitingForReference, control,
                componentName, endpoint, critical, unanswered);
    }
}
