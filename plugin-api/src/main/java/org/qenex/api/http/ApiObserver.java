package org.qenex.api.http;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every request an {@link ApiDispatcher} answered, once its answer is written: for metrics
 * of the REST API by route, method and status. The node's router adds every {@code ApiObserver}
 * service to its dispatcher, so a bundle (the monitoring bundle, a plugin) observes every endpoint
 * of every bundle by registering one.
 *
 * <p>Requests are named by their route <em>template</em> ({@code /v1/chain/blocks/{key}}), never by
 * the raw path, so the set of names stays as small as the set of routes. A request no route
 * matched (404, 405) is named {@link #NO_ROUTE}; a method the kit does not serve is
 * {@link #OTHER_METHOD}.
 *
 * <p>Called on the request's thread: an observer must return in microseconds and must not block.
 * An observer that throws is logged and ignored; the request's answer is already sent.
 *
 * @since 1.2.0
 */
@ConsumerType
@FunctionalInterface
public interface ApiObserver {

    /** The route of a request that matched none (answered 404 or 405). */
    String NO_ROUTE = "none";

    /** The method of a request whose method is none of GET, POST, PUT, DELETE, PATCH. */
    String OTHER_METHOD = "OTHER";

    /**
     * One answered request.
     *
     * @param method the HTTP method, upper case, or {@link #OTHER_METHOD}
     * @param route the matched route's path template relative to {@value ApiContext#PATH}, or {@link #NO_ROUTE}
     * @param status the HTTP status answered
     * @param nanos from the dispatcher receiving the request to its answer written
     */
    void served(String method, String route, int status, long nanos);
}
