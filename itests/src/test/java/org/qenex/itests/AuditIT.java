package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The audit log and intrusion detection in a running node: a REST change and a shell command are
 * recorded with who and how it ended, the chain verifies until a line is edited by hand, and a
 * brute force from one address raises an incident and gets that address refused; the web console's
 * actions and refused logins are recorded too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditIT extends QenexTestSupport {

    /** Not loopback's usual address, which is never blocked by default. */
    private static final String ATTACKER = "127.0.0.2";

    private HttpClient consoleClient;

    @Configuration
    public Option[] config() {
        // The default thresholds: a configuration applied while the test runs would restart the detector.
        return baseConfiguration();
    }

    @Override
    protected boolean remoteShell() {
        return true; // a blocked address must be refused over SSH too
    }

    @Test
    public void restChangesAndShellCommandsAreAuditedAndAnEditedLineBreaksTheChain() throws Exception {
        String password = adminPassword();
        addUser("reader", "reader-password-1", "_g_:viewergroup");
        await("the chain's wallet endpoint", () -> {
            try {
                return get("/api/v1/wallets", ADMIN, password).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        var created = post("/api/v1/wallets", "{\"name\":\"audit-it\",\"passphrase\":\"never-in-the-log-42\"}", ADMIN, password);
        assertTrue(created.body(), created.statusCode() < 300);
        assertTrue(shellAsAdmin("qenex:status").contains("Health:"));
        assertThrows(Exception.class, () -> shell("reader", Set.of("viewer"), "qenex:audit verify"));

        Path log = karafData().resolve("qenex/security/audit.jsonl");
        await("the three actions in the audit log", () -> {
            String text = read(log);
            return text.contains("POST /api/v1/wallets") && text.contains("\"action\":\"qenex:status\"")
                    && text.contains("\"actor\":\"reader\"");
        });
        List<JsonNode> records = records(log);
        JsonNode rest = find(records, "POST /api/v1/wallets");
        assertEquals(ADMIN, rest.path("actor").asText());
        assertEquals("rest", rest.path("route").asText());
        assertEquals(String.valueOf(created.statusCode()), rest.path("outcome").asText());
        assertFalse(rest.path("address").asText().isEmpty());
        JsonNode shell = find(records, "qenex:status");
        assertEquals(ADMIN, shell.path("actor").asText());
        assertEquals("ok", shell.path("outcome").asText());
        JsonNode refused = find(records, "qenex:audit verify");
        assertEquals("reader", refused.path("actor").asText());
        assertTrue(refused.toString(), Set.of("denied", "not-found").contains(refused.path("outcome").asText()));
        assertFalse("no secret in the log", read(log).contains("never-in-the-log-42"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));

        String verified = shellAsAdmin("qenex:audit verify");
        assertTrue(verified, verified.contains("Verdict:   intact"));
        JsonNode restVerify = json(get("/api/v1/audit/verify", ADMIN, password));
        assertTrue(restVerify.toString(), restVerify.path("intact").asBoolean());
        JsonNode search = json(get("/api/v1/audit?user=reader&since=10m&limit=5", ADMIN, password));
        assertTrue(search.toString(), search.path("count").asInt() >= 1);
        assertJsonError(get("/api/v1/audit", "reader", "reader-password-1"), 403, "forbidden");
        String found = shellAsAdmin("qenex:audit search --grep wallets -n 3");
        assertTrue(found, found.contains("POST /api/v1/wallets"));

        // An editor changes who did it, keeping the line's length: the next record no longer links to it.
        editInPlace(log, "\"actor\":\"admin\",\"route\":\"rest\"", "\"actor\":\"adm1n\",\"route\":\"rest\"");
        Exception broken = assertThrows(Exception.class, () -> shellAsAdmin("qenex:audit verify"));
        assertTrue(broken.getMessage(), broken.getMessage().contains("tampered"));
        JsonNode afterEdit = json(get("/api/v1/audit/verify", ADMIN, password));
        assertFalse(afterEdit.toString(), afterEdit.path("intact").asBoolean());
        assertEquals("tampered", afterEdit.path("status").asText());
    }

    @Test
    public void aBruteForceFromOneAddressRaisesAnIncidentAndBlocksIt() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:wrong-password".getBytes(StandardCharsets.UTF_8));
        // The status endpoint must be there, else the attempts are 404s (this test may run first).
        await("the status endpoint", () -> {
            try {
                return get("/api/v1/status", ADMIN, adminPassword()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        for (int i = 0; i < 10; i++) {
            // 401 for a wrong password; once the login guard has locked the user for this address, 429
            // (still a failed login for intrusion detection)
            int status = statusFrom(ATTACKER, wrong);
            assertTrue("attempt " + (i + 1) + ": " + status, status == 401 || status == 429);
        }
        // The tenth failure crossed the threshold. The gateway hands a request to the detector once it
        // was answered, so the client may see that answer a moment before the block: wait for the
        // detection's own audit record, not for a fixed time.
        Path auditLog = karafData().resolve("qenex/security/audit.jsonl");
        await("the brute force detected", () -> read(auditLog).contains("\"action\":\"intrusion.brute-force\""));
        assertEquals("audit log:\n" + tail(auditLog), 403, statusFrom(ATTACKER, wrong));
        RawHttp.Response blocked = rawGet(ATTACKER, "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword()).getBytes(StandardCharsets.UTF_8)));
        assertEquals("even the right password is refused: " + blocked, 403, blocked.status());
        assertTrue(blocked.body(), blocked.body().contains("\"error\":\"address_blocked\""));
        // Other addresses are untouched.
        assertEquals(200, get("/api/v1/status", ADMIN, adminPassword()).statusCode());
        assertTrue("SSH from the blocked address is refused, even with the right password",
                sshLoginFails(ATTACKER));
        assertFalse("SSH from another address still gets in", sshLoginFails("127.0.0.1"));

        ServiceTracker<IncidentLog, IncidentLog> tracker = new ServiceTracker<>(bundleContext, IncidentLog.class, null);
        tracker.open();
        try {
            IncidentLog incidents = tracker.waitForService(TIMEOUT.toMillis());
            await("an intrusion incident", () -> !incidents.recent("security:intrusion", 5).isEmpty());
            Incident incident = incidents.recent("security:intrusion", 5).get(0);
            assertTrue(incident.cause(), incident.cause().contains("10 failed logins from " + ATTACKER));
            assertTrue(incident.action(), incident.action().startsWith("blocked " + ATTACKER));
        } finally {
            tracker.close();
        }
        String audit = read(auditLog);
        assertTrue(audit, audit.contains("\"outcome\":\"blocked\""));
    }

    @Test
    public void webConsoleActionsAndRefusedConsoleLoginsAreAudited() throws Exception {
        // An admin of its own: the other test's brute force against "admin" must not interfere, in
        // whichever order the tests run.
        addUser("console-admin", "console-admin-password-7", "_g_:admingroup");
        addUser("console-viewer", "console-viewer-password-7", "_g_:viewergroup");
        Bundle hello = bundleContext.installBundle(new File(System.getProperty("qenex.itest.helloPlugin")).toURI().toString());
        try {
            hello.start();
            String bundlePath = "/system/console/bundles/" + hello.getBundleId();
            await("the web console", () -> {
                try {
                    return console("GET", "/system/console/bundles", null, "console-admin", "console-admin-password-7")
                            .statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });

            HttpResponse<String> stopped = console("POST", bundlePath, "action=stop", "console-admin", "console-admin-password-7");
            assertEquals(stopped.body(), 200, stopped.statusCode());
            assertEquals(Bundle.RESOLVED, hello.getState());
            HttpResponse<String> started = console("POST", bundlePath, "action=start", "console-admin", "console-admin-password-7");
            assertEquals(started.body(), 200, started.statusCode());
            assertEquals(Bundle.ACTIVE, hello.getState());

            // A viewer may not use the console at all: refused, and the bundle stays as it was.
            HttpResponse<String> refused = console("POST", bundlePath, "action=stop", "console-viewer", "console-viewer-password-7");
            assertEquals(401, refused.statusCode());
            assertEquals(Bundle.ACTIVE, hello.getState());
            assertEquals(401, console("GET", "/system/console/bundles", null, "console-admin", "not-the-password-7").statusCode());

            Path log = karafData().resolve("qenex/security/audit.jsonl");
            // A request is recorded once it was answered: the client may read the answer first.
            await("the console's records in the audit log", () -> read(log).contains(
                    "\"actor\":\"console-viewer\",\"route\":\"webconsole\",\"address\":\"127.0.0.1\",\"action\":\"POST ")
                    && read(log).contains("\"actor\":\"console-admin\",\"route\":\"webconsole\",\"address\":\"127.0.0.1\","
                            + "\"action\":\"GET /system/console/bundles\",\"outcome\":\"401\""));
            // The JAAS logins are recorded too (action "login"); these are the requests themselves.
            List<JsonNode> records = records(log).stream().filter(r -> r.path("route").asText().equals("webconsole")
                    && !r.path("action").asText().equals("login")).toList();
            JsonNode stop = records.stream().filter(r -> r.path("detail").asText().startsWith("action=stop")
                    && r.path("actor").asText().equals("console-admin")).findFirst()
                    .orElseThrow(() -> new AssertionError("no console stop by console-admin in " + records));
            assertEquals("POST " + bundlePath, stop.path("action").asText());
            assertEquals("200", stop.path("outcome").asText());
            assertEquals("127.0.0.1", stop.path("address").asText());
            assertTrue(records.toString(), records.stream().anyMatch(r -> r.path("detail").asText().startsWith("action=start")
                    && r.path("outcome").asText().equals("200")));
            JsonNode viewer = records.stream().filter(r -> r.path("actor").asText().equals("console-viewer")).findFirst().orElseThrow();
            assertEquals("POST " + bundlePath, viewer.path("action").asText());
            assertEquals("401", viewer.path("outcome").asText());
            assertTrue(records.toString(), records.stream().anyMatch(r -> r.path("actor").asText().equals("console-admin")
                    && r.path("action").asText().equals("GET /system/console/bundles") && r.path("outcome").asText().equals("401")));
            String text = read(log);
            assertFalse("no console password in the log", text.contains("console-admin-password-7")
                    || text.contains("console-viewer-password-7") || text.contains("not-the-password-7"));
        } finally {
            hello.uninstall();
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** A web console request over HTTPS (a form body when {@code form} is given) as {@code user}. */
    private HttpResponse<String> console(String method, String path, String form, String user, String password)
            throws Exception {
        if (consoleClient == null) {
            consoleClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .sslContext(trusting(karafData().resolve("qenex/tls/node-cert.pem"))).build();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        }
        return consoleClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether admin's SSH login with the right password, made from {@code from}, fails. */
    private boolean sshLoginFails(String from) throws Exception {
        Duration timeout = Duration.ofSeconds(20);
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
        try (ClientSession session = ssh.connect(ADMIN, new InetSocketAddress("127.0.0.1", sshPort()),
                new InetSocketAddress(from, 0)).verify(timeout).getSession()) {
            session.addPasswordIdentity(adminPassword());
            try {
                session.auth().verify(timeout);
                return false;
            } catch (IOException refused) {
                return true;
            }
        } finally {
            ssh.stop();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file) {
        String text = read(file);
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private static List<JsonNode> records(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException(line, e);
            }
        }).toList();
    }

    private static JsonNode find(List<JsonNode> records, String action) {
        return records.stream().filter(r -> r.path("action").asText().equals(action)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no record of " + action + " in " + records));
    }

    /** Overwrites the first occurrence of {@code from} by {@code to} (same length) without truncating the file. */
    private static void editInPlace(Path file, String from, String to) throws IOException {
        assertEquals(from.length(), to.length());
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(from);
        assertTrue("not found in the log: " + from, at >= 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.write(to.getBytes(StandardCharsets.UTF_8));
        }
    }

    private int statusFrom(String localAddress, String authorization) throws IOException {
        return rawGet(localAddress, authorization).status();
    }

    /** A GET of /api/v1/status sent from {@code localAddress}, so the node sees that client address. */
    private RawHttp.Response rawGet(String localAddress, String authorization) throws IOException {
        return RawHttp.exchange(baseUrl(), localAddress, "GET", "/api/v1/status", authorization, null);
    }
}
