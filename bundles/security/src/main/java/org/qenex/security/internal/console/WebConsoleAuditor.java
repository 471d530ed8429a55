package org.qenex.security.internal.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.AuditTrail;
import org.qenex.security.internal.intrusion.FinishedRequest;
import org.qenex.security.internal.intrusion.IntrusionDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits the web console (Felix Web Console, which Karaf registers through the HttpService at
 * {@code /system/console}) the way the gateway audits the REST API, and keeps addresses blocked
 * by intrusion detection out of it.
 *
 * <p>Why a whiteboard {@link Preprocessor}: the console is not in a whiteboard context QENEX
 * owns, and it logs its users in inside its own {@code HttpContext.handleSecurity}. Pax Web 8
 * runs preprocessors for every request of every context before {@code handleSecurity}, so this
 * one sees the refused logins (401) as well as the outcome of every action an admin takes. A
 * servlet filter would only see requests that had already passed the login.
 *
 * <p>The login itself (its JAAS outcome) is audited by {@code LoginEventAuditor} as route
 * {@code webconsole}, which also feeds failed logins to intrusion detection; this class records
 * what the request asked and how it ended, so a viewer whose password is right but who may not
 * use the console shows as a successful JAAS login followed by a refused (401) request.
 */
// Named: Pax Web names an unnamed filter or preprocessor after its service interface, and a second
// element of the same name in a context is refused (the API gateway's filter was, before it had a name).
@Component(service = Preprocessor.class, configurationPid = "org.qenex.security.console",
        property = HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME + "=qenex.console.audit")
@Designate(ocd = WebConsoleAuditConfiguration.class)
public final class WebConsoleAuditor implements Preprocessor {

    /** The route Karaf's console login events carry too (a {@code ClientPrincipal} of method {@code webconsole}). */
    static final String ROUTE = "webconsole";
    /** Set by an HttpService context's login ({@code HttpContext.REMOTE_USER}), here Karaf's JAAS provider. */
    static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";
    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleAuditor.class);
    private static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");

    private final AuditTrail audit;
    private final IntrusionDetector detector;
    private final String root;

    @Activate
    public WebConsoleAuditor(WebConsoleAuditConfiguration config, @Reference AuditTrail audit,
            @Reference IntrusionDetector detector) {
        this.audit = audit;
        this.detector = detector;
        String configured = config.consoleRoot().strip();
        this.root = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up: the component's constructor did it
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI() == null ? "" : ConsoleAction.canonicalPath(http.getRequestURI());
        if (!(path.equals(root) || path.startsWith(root + "/"))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        String address = http.getRemoteAddr();
        if (detector.isBlocked(address)) {
            // Before the console's login: a blocked address costs no password hash here either.
            httpResponse.setStatus(HttpServletResponse.SC_FORBIDDEN);
            httpResponse.setContentType("text/plain;charset=UTF-8");
            httpResponse.getOutputStream().write(("requests from " + address
                    + " are refused for a while after suspicious activity\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        long started = System.nanoTime();
        int status = 0;
        try {
            chain.doFilter(request, response);
            status = httpResponse.getStatus();
        } catch (IOException | ServletException | RuntimeException e) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            throw e;
        } finally {
            finished(http, path, address, status, System.nanoTime() - started);
        }
    }

    private void finished(HttpServletRequest request, String path, String address, int status, long nanos) {
        try {
            String user = request.getAttribute(REMOTE_USER) instanceof String name ? name : null;
            boolean credentials = request.getHeader("Authorization") != null;
            String method = request.getMethod();
            if (!READ_ONLY.contains(method) || status == 401 && credentials || status == 403) {
                audit.record(new AuditEntry(user != null ? user : triedUser(request), ROUTE, address,
                        method + " " + path, String.valueOf(status), detail(request, user != null, status, nanos)));
            }
            // Not as a failed login: Karaf's console login already posts its JAAS failure, which
            // LoginEventAuditor feeds to the detector; counting the 401 again would halve the threshold.
            detector.observe(new FinishedRequest(address, user, method, path, status, nanos,
                    Math.max(0, request.getContentLengthLong()), false));
        } catch (RuntimeException e) {
            // The answer is out; a fault here must not turn it into an error.
            LOG.warn("Auditing the web console request {} failed", path, e);
        }
    }

    /**
     * The parameters that say what was asked. The body is read only for a logged-in admin (an
     * anonymous client must not make the node wait for its body) and only if it is a form: an
     * upload's parts are the console's to parse, and a body the console read as a stream cannot be
     * read again. The record is written whatever happens here.
     */
    private static String detail(HttpServletRequest request, boolean loggedIn, int status, long nanos) {
        String outcome = status == 401 ? "refused by the console's login (wrong password, or not an admin)"
                : "took " + nanos / 1_000_000 + " ms";
        String query = request.getQueryString();
        boolean readBody = loggedIn && ConsoleAction.isForm(request.getContentType());
        String asked;
        try {
            asked = ConsoleAction.describe(name -> readBody ? request.getParameter(name) : ConsoleAction.fromQuery(query, name));
        } catch (RuntimeException unreadable) {
            // e.g. Jetty's IllegalStateException for a form whose stream the console already consumed
            asked = ConsoleAction.describe(name -> ConsoleAction.fromQuery(query, name));
            asked = (asked.isEmpty() ? "" : asked + ", ") + "form unreadable: " + unreadable.getClass().getSimpleName();
        }
        return asked.isEmpty() ? outcome : asked + "; " + outcome;
    }

    /** The user name a refused login tried (never the password), or {@code anonymous}. */
    static String triedUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String name = colon < 0 ? decoded : decoded.substring(0, colon);
                if (!name.isEmpty()) {
                    return name.length() > 64 ? name.substring(0, 64) : name;
                }
            } catch (IllegalArgumentException notBase64) {
                return "anonymous";
            }
        }
        return "anonymous";
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
