package org.qenex.security.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.http.ApiContext;
import org.qenex.security.internal.intrusion.FinishedRequest;
import org.qenex.security.internal.intrusion.RequestGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every request to the REST API: authenticates the caller with HTTP Basic against the
 * JAAS realm (401 when that fails), hands the caller's roles to the endpoint through
 * {@code isUserInRole}, and turns every error into the JSON error body.
 *
 * <p>Paths that an endpoint declares public with {@link ApiContext#PUBLIC_PATTERNS} pass without
 * credentials.
 */
@Component(service = Filter.class, configurationPid = "org.qenex.security.api")
@Designate(ocd = ApiGatewayConfiguration.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardFilterPattern("/*")
public final class ApiGatewayFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayFilter.class);

    private final Authenticator authenticator;
    private final RequestGuard guard;
    private final Map<Long, Set<String>> publicPathsByServlet = new ConcurrentHashMap<>();

    @Activate
    public ApiGatewayFilter(ApiGatewayConfiguration config, @Reference RequestGuard guard) {
        this.guard = guard;
        this.authenticator = new CachingAuthenticator(new JaasAuthenticator(config.realm()), Clock.systemUTC(),
                config.loginCacheSeconds() * 1000L, config.loginCacheSize());
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
        String user = null;
        try {
            if (isPublic(pathInContext(httpRequest))) {
                chain.doFilter(httpRequest, errors);
                return;
            }
            Optional<Caller> caller = basicCredentials(httpRequest)
                    .flatMap(credentials -> authenticator.authenticate(credentials[0], credentials[1]));
            if (caller.isEmpty()) {
                httpResponse.setHeader("WWW-Authenticate", "Basic realm=\"QENEX\", charset=\"UTF-8\"");
                errors.sendError(HttpServletResponse.SC_UNAUTHORIZED,
                        "this endpoint needs a user name and password (HTTP Basic)");
                return;
            }
            user = caller.get().name();
            chain.doFilter(new CallerRequest(httpRequest, caller.get()), errors);
        } catch (RuntimeException | ServletException e) {
            LOG.error("{} {} failed", httpRequest.getMethod(), httpRequest.getRequestURI(), e);
            errors.internalError();
        } finally {
            guard.finished(new FinishedRequest(address, user, httpRequest.getMethod(), pathInContext(httpRequest),
                    errors.getStatus(), System.nanoTime() - started, Math.max(0, httpRequest.getContentLengthLong()),
                    httpRequest.getHeader("Authorization") != null));
        }
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    private boolean isPublic(String path) {
        for (Set<String> paths : publicPathsByServlet.values()) {
            if (paths.contains(path)) {
                return true;
            }
        }
        return false;
    }

    private static String pathInContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** User and password from an {@code Authorization: Basic} header, if well formed. */
    static Optional<String[]> basicCredentials(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static String[] asStrings(Object value) {
        if (value instanceof String[] array) {
            return array;
        }
        return new String[] {String.valueOf(value)};
    }
}
