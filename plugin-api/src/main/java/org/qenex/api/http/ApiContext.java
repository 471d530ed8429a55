package org.qenex.api.http;

/**
 * The HTTP Whiteboard context that serves the node's REST API under {@code /api}.
 *
 * <p>A bundle adds endpoints by registering an {@link ApiResource} service whose public methods
 * carry {@link Route}: the node's one dispatcher (a servlet at {@code /v1/*} in this context)
 * matches method and path, checks the role the route declares, reads JSON bodies and writes JSON
 * answers with Jackson, and answers every error, the route's own ({@link ApiException}) and
 * the ones its resource maps ({@link ApiResource#error}), with the body
 * {@code {"error": code, "detail": message, "requestId": id}} ({@link ErrorBody}). The routes
 * are listed in {@code GET /api/v1/openapi.json}.
 *
 * <p>The context authenticates every request (HTTP Basic against the node's JAAS realm, or an API
 * token) before any endpoint sees it, answers 401 itself when credentials are missing or wrong,
 * and gives each request an id ({@value #REQUEST_ID_HEADER}: the client's when well formed, see
 * {@link RequestIds}), returned in the response header, in error bodies and in the logging MDC
 * under {@value #MDC_REQUEST_ID}.
 *
 * <p>Still supported (1.0.0): a plain servlet registered with
 * {@code osgi.http.whiteboard.context.select=}{@value #SELECT}, a pattern under {@code /v1/} more
 * specific than the dispatcher's, and a unique {@code osgi.http.whiteboard.servlet.name}. Such a
 * servlet checks roles itself with {@code isUserInRole}; whatever it passes to {@code sendError}
 * becomes the JSON error body (code from the request attribute {@value #ERROR_CODE}, else derived
 * from the status); it is not listed in the OpenAPI description.
 *
 * @since 1.0.0
 */
public final class ApiContext {

    /** The context's name. */
    public static final String NAME = "org.qenex.api";

    /** The context's path. */
    public static final String PATH = "/api";

    /** The value for {@code osgi.http.whiteboard.context.select}. */
    public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    /** Request attribute: a machine-readable error code for the next {@code sendError}. */
    public static final String ERROR_CODE = "org.qenex.api.error";

    /**
     * Servlet service property listing patterns (relative to {@value #PATH}) that may be called
     * without credentials, for plain servlets; an {@link ApiResource} declares {@link Route#PUBLIC}
     * instead. Use sparingly: only endpoints that reveal nothing.
     */
    public static final String PUBLIC_PATTERNS = "qenex.api.public";

    /** Request and response header carrying the request's id. @since 1.1.0 */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Request attribute holding the request's id (a {@code String}). @since 1.1.0 */
    public static final String REQUEST_ID = "org.qenex.api.requestId";

    /** Key of the request's id in the logging MDC while the request is served. @since 1.1.0 */
    public static final String MDC_REQUEST_ID = "requestId";

    /** Full control of the node. */
    public static final String ROLE_ADMIN = "admin";

    /** Runs the node: wallets, mining, healing, backups. */
    public static final String ROLE_OPERATOR = "operator";

    /** Reads status, metrics and the ledger. */
    public static final String ROLE_VIEWER = "viewer";

    private ApiContext() {
    }
}
