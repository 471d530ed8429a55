package org.qenex.api.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a public method of an {@link ApiResource} as the handler of one REST route under
 * {@value ApiContext#PATH}.
 *
 * <p>The method takes one {@link ApiRequest} (or nothing) and returns the answer: any value is
 * written as JSON with status 200, an {@link ApiResponse} sets status, headers and body itself,
 * {@code void} answers 204. It throws {@link ApiException} (or an exception its resource maps with
 * {@link ApiResource#error(Exception)}) for a client mistake; anything else is a logged 500.
 *
 * <pre>
 * &#64;Route(method = "GET", path = "/v1/hello/{name}", role = ApiContext.ROLE_VIEWER, summary = "Greets")
 * public Map&lt;String, Object&gt; greet(ApiRequest request) { ... request.pathParameter("name") ... }
 * </pre>
 *
 * @since 1.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Route {

    /** {@link #role()} of a route that needs no login. Use sparingly: only for what reveals nothing. */
    String PUBLIC = "public";

    /** {@link #role()} of a route open to any caller who has one of the node's roles. */
    String ANY_ROLE = "any";

    /** The largest body a route accepts unless it says otherwise: 16 KiB. */
    int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    /** The HTTP method: {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}. */
    String method();

    /**
     * The path relative to {@value ApiContext#PATH}, starting with {@code /v1/}; a segment
     * {@code {name}} matches any one segment and is read with {@link ApiRequest#pathParameter}.
     * A literal segment wins over a parameter at the same place.
     */
    String path();

    /**
     * The role the caller needs: {@link ApiContext#ROLE_VIEWER}, {@link ApiContext#ROLE_OPERATOR},
     * {@link ApiContext#ROLE_ADMIN}, {@link #ANY_ROLE} or {@link #PUBLIC}. Checked before the method
     * runs (403 {@code forbidden} otherwise); there is no default, so every route states it.
     */
    String role();

    /** One line for the OpenAPI description. */
    String summary() default "";

    /** The most bytes the body may have; a larger one is answered 413 {@code body_too_large}. */
    int maxBodyBytes() default DEFAULT_MAX_BODY_BYTES;
}
