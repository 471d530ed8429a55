package org.qenex.api.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The request a {@link Route} handles, after the node authenticated the caller and checked the
 * route's role.
 *
 * @since 1.1.0
 */
@ProviderType
public interface ApiRequest {

    /** The HTTP method. */
    String method();

    /** The path relative to {@value ApiContext#PATH}, e.g. {@code /v1/chain/blocks/7}. */
    String path();

    /** The value of the segment the route's path names {@code {name}}; null if there is none. */
    String pathParameter(String name);

    /** The first value of a query parameter, or null. */
    String query(String name);

    /** A request header, or null. */
    String header(String name);

    /** The body's media type, or null. */
    String contentType();

    /** The authenticated caller's name; null on a {@link Route#PUBLIC} route. */
    String user();

    /** Whether the caller has {@code role}. */
    boolean hasRole(String role);

    /** The client's address. */
    String remoteAddress();

    /** This request's id, also in the response's {@value ApiContext#REQUEST_ID_HEADER} header and error bodies. */
    String requestId();

    /**
     * The body's bytes, at most the route's {@link Route#maxBodyBytes()}.
     *
     * @throws ApiException 413 {@code body_too_large} beyond the limit, 400 {@code unreadable_body}
     *         when the body cannot be read (cut short, a malformed chunked encoding)
     */
    byte[] body();

    /**
     * The body as JSON bound strictly to {@code type} (Jackson): unknown or repeated fields,
     * trailing data, a {@code long} that is not a whole number from 0 to 2<sup>63</sup>-1 and a
     * {@code String} that is not a JSON string are refused, as are the literal {@code null} and an
     * empty body: the result is never null.
     *
     * @throws ApiException 400 {@code bad_request} with words of the node's own (never Jackson's)
     *         for a body that is not such JSON, or as {@link #body()}
     */
    <T> T body(Class<T> type);

    /**
     * A field the body must have.
     *
     * @return {@code value} when not null
     * @throws ApiException 400 {@code bad_request} "field 'name' is missing" when null
     */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.badRequest("bad_request", "field '" + field + "' is missing");
        }
        return value;
    }
}
