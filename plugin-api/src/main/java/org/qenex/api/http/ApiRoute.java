package org.qenex.api.http;

/**
 * A route as the dispatcher serves it: what {@link Route} declared, for listings and the OpenAPI
 * description.
 *
 * @param method the HTTP method, upper case
 * @param path the path template relative to {@value ApiContext#PATH}, e.g. {@code /v1/chain/blocks/{key}}
 * @param role the role it needs, {@link Route#ANY_ROLE} or {@link Route#PUBLIC}
 * @param summary one line, maybe empty
 * @param owner the resource's class name
 * @since 1.1.0
 */
public record ApiRoute(String method, String path, String role, String summary, String owner) {
}
