package org.qenex.security.internal.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Before;
import org.junit.Test;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.security.internal.TypedConfigs;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.RecordingAuditTrail;
import org.qenex.security.internal.intrusion.IntrusionConfiguration;
import org.qenex.security.internal.intrusion.IntrusionDetector;

/**
 * The web console's requests as the preprocessor sees them, before and after the console's own
 * login: state changes and refused logins are audited without secrets, reads are not, requests
 * outside the console pass untouched, and an address blocked by intrusion detection is refused first.
 */
public class WebConsoleAuditorTest {

    private static final String ADDRESS = "203.0.113.9";

    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final List<AuditEntry> audited = audit.entries;
    private Path data;
    private IntrusionDetector detector;
    private WebConsoleAuditor auditor;

    @Before
    public void start() throws IOException {
        data = Files.createTempDirectory("console-audit");
        detector = new IntrusionDetector(config(IntrusionConfiguration.class,
                Map.of("anomalyEnabled", false, "neverBlock", new String[0])), audit, FixedNodeContext.in(data));
        auditor = new WebConsoleAuditor(config(WebConsoleAuditConfiguration.class, Map.of()), audit, detector);
    }

    @Test
    public void anAdminsBundleStopIsAuditedWithItsParametersButNotTheFormsOtherValues() throws Exception {
        Map<String, String> form = new HashMap<>(Map.of("action", "stop", "password", "s3cret-value-9"));
        Exchange exchange = new Exchange("POST", "/system/console/bundles/42", form, basic("admin", "pw-never-logged"));
        auditor.doFilter(exchange.request(), exchange.response(), (req, res) -> {
            req.setAttribute(WebConsoleAuditor.REMOTE_USER, "admin");
            ((HttpServletResponse) res).setStatus(200);
        });
        assertEquals(1, audited.size());
        AuditEntry entry = audited.get(0);
        assertEquals("admin", entry.actor());
        assertEquals("webconsole", entry.route());
        assertEquals(ADDRESS, entry.address());
        assertEquals("POST /system/console/bundles/42", entry.action());
        assertEquals("200", entry.outcome());
        assertTrue(entry.detail(), entry.detail().startsWith("action=stop; took "));
        assertFalse(entry.toString().contains("s3cret-value-9"));
        assertFalse(entry.toString().contains("pw-never-logged"));
    }

    @Test
    public void aRefusedLoginIsAuditedWithTheTriedNameAndItsBodyIsNotRead() throws Exception {
        Exchange exchange = new Exchange("POST", "/system/console/bundles/42", Map.of("action", "uninstall"),
                basic("reader", "reader-password-1"));
        exchange.query = "action=uninstall";
        auditor.doFilter(exchange.request(), exchange.response(), (req, res) -> ((HttpServletResponse) res).setStatus(401));
        AuditEntry entry = audited.get(0);
        assertEquals("reader", entry.actor());
        assertEquals("401", entry.outcome());
        assertEquals("action=uninstall; refused by the console's login (wrong password, or not an admin)", entry.detail());
        assertFalse("an anonymous body is not read", exchange.bodyRead);
    }

    @Test
    public void readsAndUnchallengedFirstVisitsAreNotAuditedAndOtherPathsPassUntouched() throws Exception {
        Exchange read = new Exchange("GET", "/system/console/bundles", Map.of(), basic("admin", "pw"));
        auditor.doFilter(read.request(), read.response(), (req, res) -> ((HttpServletResponse) res).setStatus(200));
        Exchange firstVisit = new Exchange("GET", "/system/console", Map.of(), null);
        auditor.doFilter(firstVisit.request(), firstVisit.response(), (req, res) -> ((HttpServletResponse) res).setStatus(401));
        Exchange api = new Exchange("POST", "/api/v1/wallets", Map.of(), null);
        boolean[] passed = {false};
        auditor.doFilter(api.request(), api.response(), (req, res) -> passed[0] = true);
        Exchange lookalike = new Exchange("POST", "/system/consoleX", Map.of(), null);
        auditor.doFilter(lookalike.request(), lookalike.response(), (req, res) -> ((HttpServletResponse) res).setStatus(404));
        assertTrue(passed[0]);
        assertTrue(audited.toString(), audited.isEmpty());
    }

    @Test
    public void aBlockedAddressIsRefusedBeforeTheConsolesLoginAndRefusedLoginsAreNotCountedTwice() throws Exception {
        // Karaf's console login posts each JAAS failure, which LoginEventAuditor feeds to the detector;
        // the preprocessor's 401s must not add to that count.
        for (int i = 0; i < 9; i++) {
            Exchange guess = new Exchange("GET", "/system/console/bundles", Map.of(), basic("admin", "guess-" + i));
            auditor.doFilter(guess.request(), guess.response(), (req, res) -> ((HttpServletResponse) res).setStatus(401));
            detector.loginFailed(ADDRESS, "admin");
        }
        assertFalse("nine failures, each seen twice, are still nine", detector.isBlocked(ADDRESS));
        detector.loginFailed(ADDRESS, "admin");
        assertTrue(detector.isBlocked(ADDRESS));
        Exchange next = new Exchange("GET", "/system/console/bundles", Map.of(), basic("admin", "right"));
        boolean[] reached = {false};
        auditor.doFilter(next.request(), next.response(), (req, res) -> reached[0] = true);
        assertFalse("the console's login is not reached", reached[0]);
        assertEquals(403, next.status);
        assertTrue(next.body.toString(StandardCharsets.UTF_8).contains("refused for a while"));
    }

    @Test
    public void anUploadsPartsAreNotReadAndAnUnreadableFormStillLeavesARecord() throws Exception {
        Exchange upload = new Exchange("POST", "/system/console/bundles", Map.of("action", "install"), basic("admin", "pw"));
        upload.contentType = "multipart/form-data; boundary=x";
        upload.query = "action=install";
        auditor.doFilter(upload.request(), upload.response(), (req, res) -> req.setAttribute(WebConsoleAuditor.REMOTE_USER, "admin"));
        assertFalse("an upload's body is the console's to parse", upload.bodyRead);
        assertTrue(audited.get(0).detail(), audited.get(0).detail().startsWith("action=install; took "));

        Exchange consumed = new Exchange("POST", "/system/console/configMgr/org.example", Map.of(), basic("admin", "pw"));
        consumed.streamAlreadyRead = true;
        consumed.query = "apply=true";
        auditor.doFilter(consumed.request(), consumed.response(), (req, res) -> req.setAttribute(WebConsoleAuditor.REMOTE_USER, "admin"));
        assertEquals(2, audited.size());
        assertEquals("POST /system/console/configMgr/org.example", audited.get(1).action());
        assertTrue(audited.get(1).detail(), audited.get(1).detail().startsWith("apply=true, form unreadable: IllegalStateException; took "));
    }

    @Test
    public void aDisguisedConsolePathIsStillTheConsole() throws Exception {
        for (String disguised : new String[] {"/system//console/bundles/42", "/system/./console/bundles/42",
                "/system/%63onsole/bundles/42", "/api/../system/console/bundles/42"}) {
            Exchange exchange = new Exchange("POST", disguised, Map.of("action", "stop"), basic("admin", "pw"));
            auditor.doFilter(exchange.request(), exchange.response(), (req, res) -> req.setAttribute(WebConsoleAuditor.REMOTE_USER, "admin"));
        }
        assertEquals(4, audited.size());
        assertTrue(audited.toString(), audited.stream().allMatch(e -> e.action().equals("POST /system/console/bundles/42")));
        assertEquals("/", ConsoleAction.canonicalPath("/../../etc/passwd/.."));
    }

    /** The fast path: a plain path is its own canonical form; anything that could disguise one takes the full resolution. */
    @Test
    public void aPlainPathIsAnsweredAsItIsAndOnlyAPlainOne() {
        String submit = "/api/v1/chain/transactions";
        assertSame("no decoding or normalising for a plain path", submit, ConsoleAction.canonicalPath(submit));
        for (String disguised : new String[] {"/system//console", "/system/./console", "/system/%63onsole",
                "/api/../system/console", "/system/console+x", "system/console", ""}) {
            assertFalse(disguised, ConsoleAction.isPlain(disguised));
        }
        assertEquals("/system/console", ConsoleAction.canonicalPath("/system//console"));
    }

    @Test
    public void credentialsInARepositoryUrlAreMasked() {
        String described = ConsoleAction.describe(Map.of("action", "addRepository",
                "url", "https://deployer:hunter22@repo.example/features.xml")::get);
        assertEquals("action=addRepository, url=https://***@repo.example/features.xml", described);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request and response pair made of proxies, enough for what the preprocessor calls. */
    private static final class Exchange {
        final String method;
        final String uri;
        final Map<String, String> form;
        final String authorization;
        final Map<String, Object> attributes = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String query;
        String contentType = "application/x-www-form-urlencoded";
        boolean streamAlreadyRead;
        int status = 200;
        boolean bodyRead;

        Exchange(String method, String uri, Map<String, String> form, String authorization) {
            this.method = method;
            this.uri = uri;
            this.form = form;
            this.authorization = authorization;
        }

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "getRequestURI" -> uri;
                        case "getMethod" -> method;
                        case "getRemoteAddr" -> ADDRESS;
                        case "getQueryString" -> query;
                        case "getContentType" -> contentType;
                        case "getContentLengthLong" -> 20L;
                        case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                        case "getParameter" -> {
                            if (streamAlreadyRead) {
                                throw new IllegalStateException("STREAM");
                            }
                            bodyRead = true;
                            yield form.get(args[0]);
                        }
                        case "getAttribute" -> attributes.get(args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getStatus" -> status;
                        case "setContentType" -> null;
                        case "getOutputStream" -> out;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static <T> T config(Class<T> type, Map<String, Object> overrides) {
        return TypedConfigs.of(type, overrides);
    }
}
