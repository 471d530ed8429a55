package org.qenex.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

/** An {@link ApiRequest} over the servlet request the dispatcher matched to a route. */
final class DispatchedRequest implements ApiRequest {

    private static final List<String> ROLES = List.of(ApiContext.ROLE_ADMIN, ApiContext.ROLE_OPERATOR,
            ApiContext.ROLE_VIEWER);

    private final HttpServletRequest request;
    private final String path;
    private final Map<String, String> parameters;
    private final String requestId;
    private final int maxBodyBytes;
    private byte[] body;

    DispatchedRequest(HttpServletRequest request, String path, Map<String, String> parameters, String requestId,
            int maxBodyBytes) {
        this.request = request;
        this.path = path;
        this.parameters = parameters;
        this.requestId = requestId;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Whether the caller has {@code role}, {@link Route#ANY_ROLE} meaning one of the node's three. */
    static boolean allowed(HttpServletRequest request, String role) {
        if (Route.PUBLIC.equals(role)) {
            return true;
        }
        if (Route.ANY_ROLE.equals(role)) {
            return ROLES.stream().anyMatch(request::isUserInRole);
        }
        return request.isUserInRole(role);
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathParameter(String name) {
        return parameters.get(name);
    }

    @Override
    public String query(String name) {
        return request.getParameter(name);
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public String contentType() {
        return request.getContentType();
    }

    @Override
    public String user() {
        return request.getRemoteUser();
    }

    @Override
    public boolean hasRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public byte[] body() {
        if (body == null) {
            body = read();
        }
        return body.clone();
    }

    @Override
    public <T> T body(Class<T> type) {
        return JsonBodies.bind(body(), type);
    }

    private byte[] read() {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = RequestBodies.read(in, request.getContentLengthLong(), maxBodyBytes + 1);
        } catch (BodyTooLargeException e) {
            throw tooLarge();
        } catch (IOException | RuntimeException e) {
            // Jetty reports a cut or malformed (e.g. chunked) body as an exception from read
            throw ApiException.badRequest("unreadable_body",
                    "the request body could not be read: it ended early or its encoding is malformed");
        }
        if (raw.length > maxBodyBytes) {
            throw tooLarge();
        }
        return raw;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "a request body is at most " + maxBodyBytes + " bytes")
                .withHeader("Connection", "close");
    }
}
