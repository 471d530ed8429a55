package org.qenex.api.http;

/**
 * The HTTP Whiteboard context that serves the node's REST API under {@code /api}.
 *
 * <p>A bundle adds an endpoint by registering a servlet with the service properties
 * {@code osgi.http.whiteboard.context.select=}{@value #SELECT}, a pattern under {@code /v1/}
 * and a unique {@code osgi.http.whiteboard.servlet.name} (Pax Web refuses a second servlet with
 * the same name, and the default name is the class name of the service). The context authenticates every request (HTTP Basic against the node's JAAS
 * realm) before the servlet sees it, answers 401 itself when credentials are missing or wrong,
 * and exposes the caller's roles through {@code HttpServletRequest.isUserInRole}. The servlet
 * checks the role it needs and answers 403 with {@code sendError} when it is missing.
 *
 * <p>Errors keep one shape everywhere: whatever a servlet passes to {@code sendError} is turned
 * into the JSON body {@code {"error": code, "detail": message}}. The code is the value of the
 * request attribute {@value #ERROR_CODE} if the servlet set one, else derived from the status
 * ({@code bad_request}, {@code not_found}, ...). Uncaught exceptions become a 500 without a
 * stack trace.
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
     * without credentials. Use sparingly: only read-only endpoints that reveal nothing.
     */
    public static final String PUBLIC_PATTERNS = "qenex.api.public";

    /** Full control of the node. */
    public static final String ROLE_ADMIN = "admin";

    /** Runs the node: wallets, mining, healing, backups. */
    public static final String ROLE_OPERATOR = "operator";

    /** Reads status, metrics and the ledger. */
    public static final String ROLE_VIEWER = "viewer";

    private ApiContext() {
    }
}
