package org.qenex.security.internal.http;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.RequestIds;
import org.qenex.security.internal.intrusion.FinishedRequest;
import org.qenex.security.internal.intrusion.RequestGuard;
import org.qenex.security.internal.token.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Guards every request to the REST API: identifies the caller (an API token, or HTTP Basic
 * against the JAAS realm through the {@link LoginGuard}, which throttles guessing), hands the
 * caller's roles to the endpoint through {@code isUserInRole}, and turns every error into the
 * JSON error body. It gives every request its id ({@link RequestIds}) before anything else, for the
 * response header, the error bodies and the log's MDC.
 *
 * <p>Paths that a route declares public ({@code Route.PUBLIC}, asked of the {@link ApiRouter}) or a
 * plain servlet lists in {@link ApiContext#PUBLIC_PATTERNS} pass without credentials; their uploads are capped in number ({@link PublicSubmissions}) and in duration
 * ({@link BodyRequest} with a deadline, read whole), so anonymous clients cannot take the node's HTTP threads.
 * Authenticated bodies are bounded and streamed, and their read failures answered 400/413 ({@link BodyRequest}).
 */
@Component(service = Filter.class, configurationPid = "org.qenex.security.api")
@Designate(ocd = ApiGatewayConfiguration.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("qenex.api.gateway")
// Async endpoints (the event stream) need every filter before them to allow it; this one is done when doFilter returns.
@HttpWhiteboardFilterAsyncSupported
public final class ApiGatewayFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayFilter.class);

    private final CallerIdentification callers;
    private final RequestGuard guard;
    private final ApiRouter routes;
    private final PublicSubmissions publicSubmissions;
    private final long publicBodyNanos;
    private final int publicBodyBytes;
    private final long bodyBytes;
    private final Map<Long, Set<String>> publicPathsByServlet = new ConcurrentHashMap<>();

    @Activate
    public ApiGatewayFilter(ApiGatewayConfiguration config, @Reference RequestGuard guard,
            @Reference LoginGuard logins, @Reference TokenStore tokens, @Reference ApiRouter routes) {
        this.guard = guard;
        this.routes = routes;
        this.callers = new CallerIdentification(logins, tokens);
        this.publicSubmissions = new PublicSubmissions(config.publicSubmissions());
        this.publicBodyNanos = TimeUnit.SECONDS.toNanos(config.publicBodySeconds());
        this.publicBodyBytes = config.publicBodyKibibytes() * 1024;
        this.bodyBytes = config.bodyKibibytes() * 1024L;
    }

    @Reference(service = Servlet.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(" + ApiContext.PUBLIC_PATTERNS + "=*)")
    void addPublicServlet(Map<String, Object> properties) {
        publicPathsByServlet.put((Long) properties.get(Constants.SERVICE_ID),
                Set.of(asStrings(properties.get(ApiContext.PUBLIC_PATTERNS))));
    }

    void removePublicServlet(Map<String, Object> properties) {
        publicPathsByServlet.remove((Long) properties.get(Constants.SERVICE_ID));
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up: the component's constructor did it
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        // First of all, so that every answer, the gateway's refusals included, carries the id and every log line names it.
        String requestId = RequestIds.assign(httpRequest, httpResponse);
        MDC.put(ApiContext.MDC_REQUEST_ID, requestId);
        try {
            screen(httpRequest, httpResponse, chain);
        } finally {
            MDC.remove(ApiContext.MDC_REQUEST_ID);
        }
    }

    private void screen(HttpServletRequest httpRequest, HttpServletResponse httpResponse, FilterChain chain)
            throws IOException, ServletException {
        JsonErrorResponse errors = new JsonErrorResponse(httpRequest, httpResponse);
        long started = System.nanoTime();
        String address = httpRequest.getRemoteAddr();
        // An address caught by intrusion detection is refused before it costs a password check.
        if (guard.refuses(address)) {
            httpRequest.setAttribute(ApiContext.ERROR_CODE, "address_blocked");
            errors.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "requests from " + address + " are refused for a while after suspicious activity");
            return;
        }
        if (encodesASeparator(httpRequest.getRequestURI())) {
            httpRequest.setAttribute(ApiContext.ERROR_CODE, "bad_request");
            errors.sendError(HttpServletResponse.SC_BAD_REQUEST, "a path may not encode '/' or '\\' (%2F, %5C)");
            return;
        }
        String user = null;
        BodyRequest limited = null;
        String path = pathInContext(httpRequest);
        try {
            if (isPublic(path)) {
                servePublic(httpRequest, errors, chain);
                return;
            }
            LoginOutcome outcome = callers.identify(httpRequest);
            if (!outcome.isAdmitted()) {
                refuse(httpRequest, httpResponse, errors, outcome);
                return;
            }
            user = outcome.caller().name();
            // a route that declares a larger body (a plugin jar's upload) gets it; the dispatcher holds it to that
            long limit = Math.max(bodyBytes, routes.maxBodyBytes(httpRequest.getMethod(), path));
            limited = new BodyRequest(new CallerRequest(httpRequest, outcome.caller()), limit);
            if (limited.declaresTooMuch()) {
                httpResponse.setHeader("Connection", "close");
                httpRequest.setAttribute(ApiContext.ERROR_CODE, "body_too_large");
                errors.sendError(413, limited.tooLarge().getMessage());
                return;
            }
            chain.doFilter(limited, errors);
        } catch (BodyRequest.TooSlow e) {
            if (!errors.isCommitted()) {
                httpResponse.setHeader("Connection", "close");
                errors.sendError(408, e.getMessage());
            }
        } catch (IOException e) {
            // The endpoint let a failed body read escape: the client's fault, not the node's.
            if (limited == null || !limited.answerFailedRead(errors)) {
                throw e;
            }
            LOG.debug("{} {}: reading the body failed", httpRequest.getMethod(), httpRequest.getRequestURI(), e);
        } catch (RuntimeException | ServletException e) {
            // An endpoint may wrap the read failure (UncheckedIOException, ServletException).
            if (limited == null || !limited.answerFailedRead(errors)) {
                LOG.error("{} {} failed", httpRequest.getMethod(), httpRequest.getRequestURI(), e);
                errors.internalError();
            }
        } finally {
            guard.finished(new FinishedRequest(address, user, httpRequest.getMethod(), path,
                    errors.getStatus(), System.nanoTime() - started, Math.max(0, httpRequest.getContentLengthLong()),
                    httpRequest.getHeader("Authorization") != null));
        }
    }

    private void servePublic(HttpServletRequest request, JsonErrorResponse errors, FilterChain chain)
            throws IOException, ServletException {
        if (!PublicSubmissions.isSubmission(request.getMethod())) {
            chain.doFilter(request, errors);
            return;
        }
        if (!publicSubmissions.tryEnter()) {
            errors.setHeader("Retry-After", "1");
            errors.setHeader("Connection", "close");
            request.setAttribute(ApiContext.ERROR_CODE, "busy");
            errors.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the node is handling too many anonymous submissions; retry in a second");
            return;
        }
        // The permit covers the upload only: the endpoint's own work (a transfer waits for its durable
        // commit) must not count against the cap, or honest load at 1,000 transfers/s fills it.
        BodyRequest buffered;
        try {
            buffered = new BodyRequest(request, publicBodyBytes, System.nanoTime() + publicBodyNanos, System::nanoTime)
                    .buffer();
        } catch (BodyRequest.TooSlow e) {
            throw e;
        } catch (BodyRequest.TooLarge e) {
            errors.setHeader("Connection", "close");
            request.setAttribute(ApiContext.ERROR_CODE, "body_too_large");
            errors.sendError(413, e.getMessage());
            return;
        } catch (IOException readFailed) {
            // Jetty's idle timeout ended a stalled upload, or the body is malformed (broken chunked
            // encoding) or cut short: answer if still possible, 408 only for the first
            LOG.debug("{} {}: reading the body failed", request.getMethod(), request.getRequestURI(), readFailed);
            if (!errors.isCommitted()) {
                errors.setHeader("Connection", "close");
                if (timedOut(readFailed)) {
                    errors.sendError(408, "the request body did not arrive in time");
                } else {
                    request.setAttribute(ApiContext.ERROR_CODE, "unreadable_body");
                    errors.sendError(400, "the request body could not be read: it ended early or its encoding is malformed");
                }
            }
            return;
        } finally {
            publicSubmissions.exit();
        }
        chain.doFilter(buffered, errors);
    }

    /** Whether a read failed on Jetty's idle timeout (a {@code TimeoutException} among its causes). */
    static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, JsonErrorResponse errors,
            LoginOutcome outcome) throws IOException {
        if (outcome.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            // The realm Karaf's web console names too (the JAAS realm both check): a browser logged in
            // there reuses that login for the API instead of asking again (the QENEX console's pages).
            response.setHeader("WWW-Authenticate", "Basic realm=\"karaf\", charset=\"UTF-8\"");
        }
        if (outcome.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(outcome.retryAfterSeconds()));
        }
        request.setAttribute(ApiContext.ERROR_CODE, outcome.code());
        errors.sendError(outcome.status(), outcome.detail());
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    private boolean isPublic(String path) {
        if (routes.isPublic(path)) {
            return true;
        }
        // Plain servlets (API 1.0.0) declare their public paths in a service property.
        for (Set<String> paths : publicPathsByServlet.values()) {
            if (paths.contains(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decoded path the routes are matched on (the dispatcher's), so that what is public is decided
     * on the path that is served: decided on the raw URI, {@code transactions/..%2F..%2Fnetwork/status}
     * matched a public template while the dispatcher served the private route it decodes to.
     */
    private static String pathInContext(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    }

    /** No route has a use for an encoded separator, and each one is a way to make two readings of a path differ. */
    static boolean encodesASeparator(String rawUri) {
        String lower = rawUri.toLowerCase(Locale.ROOT);
        return lower.contains("%2f") || lower.contains("%5c");
    }

    private static String[] asStrings(Object value) {
        if (value instanceof String[] array) {
            return array;
        }
        return new String[] {String.valueOf(value)};
    }
}
