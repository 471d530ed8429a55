package org.qenex.api.http;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A group of REST routes: register an object of this type as an OSGi service and its
 * {@link Route}-annotated methods are served under {@value ApiContext#PATH}, behind the node's
 * authentication, and listed in {@code GET /api/v1/openapi.json}. Unregistering it (stopping the
 * bundle) removes its routes. A route whose method and path another resource already serves is
 * refused and logged; the first one keeps it.
 *
 * @since 1.1.0
 */
@ConsumerType
public interface ApiResource {

    /**
     * The API error for an exception one of this resource's routes threw: the one place where a
     * resource maps its domain's exceptions to statuses and codes. Null (the default) leaves the
     * exception to the kit: {@link ApiException} as it says, anything else a logged 500.
     *
     * @param failure what a route threw, never an {@link ApiException}
     * @return the error to answer, or null
     */
    default ApiException error(Exception failure) {
        return null;
    }
}
