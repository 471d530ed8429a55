package org.qenex.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureSecurity;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every QENEX container test shares: the distribution built in this reactor, booted on
 * free ports, and helpers to call its REST API and shell as a user would.
 */
public abstract class QenexTestSupport {

    protected static final Duration TIMEOUT = Duration.ofSeconds(60);
    protected static final String ADMIN = "admin";
    protected static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected BundleContext bundleContext;

    private static final String HTTPS_PORT = "org.osgi.service.http.port.secure";

    private HttpClient http;

    /** The container configuration every test class starts from; subclasses may add to it. */
    protected Option[] baseConfiguration(Option... extra) {
        String distribution = System.getProperty("qenex.distribution");
        String localRepository = System.getProperty("qenex.localRepository");
        List<Option> options = new ArrayList<>(Arrays.asList(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .name("QENEX")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureSecurity().disableKarafMBeanServerBuilder(),
                remoteShell() ? configureConsole().ignoreLocalConsole().startRemoteShell()
                        : configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                vmOption("-Xmx512m"),
                // The distribution is offline; Pax Exam's own bundles come from the build's repository.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "file:" + localRepository + "@id=build@snapshots"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", HTTPS_PORT, String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                // a peer-to-peer port of the system's choosing, on loopback: containers never clash on 8333
                editConfigurationFilePut("etc/org.qenex.network.cfg", "port", "0"),
                editConfigurationFilePut("etc/org.qenex.network.cfg", "bindAddress", "127.0.0.1"),
                // a block at every turn (5 s), empty or not: the tests wait for blocks, not for an idle chain's minute
                editConfigurationFilePut("etc/org.qenex.chain.producer.cfg", "emptyBlockSeconds", "0"),
                // Pax Exam gives up on its probe's services after 10 s, which a loaded 2-core machine's boot exceeds.
                systemProperty("pax.exam.service.timeout").value("180000"),
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("180000"),
                systemProperty("qenex.itest.helloPlugin").value(artifact("qenex.helloPlugin")),
                systemProperty("qenex.itest.flakyPlugin").value(artifact("qenex.flakyPlugin"))));
        options.addAll(Arrays.asList(extra));
        return options.toArray(new Option[0]);
    }

    /** Whether the container runs its SSH server; off unless a test talks SSH. */
    protected boolean remoteShell() {
        return false;
    }

    private static String artifact(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException(property + " does not name a built jar: " + path);
        }
        return new File(path).getAbsolutePath();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- inside the container -----------------------------------------------------------

    protected static Path karafHome() {
        return Paths.get(System.getProperty("karaf.home"));
    }

    protected static Path karafData() {
        return Paths.get(System.getProperty("karaf.data"));
    }

    protected String adminPassword() throws IOException, InterruptedException {
        Path file = karafData().resolve("qenex/initial-admin-password");
        // the security bundle hashes the first admin's password off the start-level thread, and writes this file after
        await("the first admin's password file", () -> Files.isRegularFile(file));
        return Files.readString(file).strip();
    }

    /**
     * Adds a user through {@code POST /api/v1/users} as admin, the node's own path, when
     * {@code rolesOrGroup} is one of the role groups; any other entry (a bare role such as
     * {@code ssh}) is appended to {@code etc/users.properties} as an operator would, and is
     * appended again if a concurrent rewrite of the file drops it.
     */
    protected void addUser(String name, String password, String rolesOrGroup) throws Exception {
        String role = switch (rolesOrGroup) {
            case "_g_:viewergroup" -> "viewer";
            case "_g_:operatorgroup" -> "operator";
            case "_g_:admingroup" -> "admin";
            default -> null;
        };
        if (role != null) {
            String body = JSON.writeValueAsString(Map.of("name", name, "password", password,
                    "roles", List.of(role)));
            AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
            await("POST /api/v1/users adds " + name, () -> {
                try {
                    last.set(post("/api/v1/users", body, ADMIN, adminPassword()));
                    return last.get().statusCode() != 404;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue("adding " + name + ": " + last.get().statusCode() + " " + last.get().body(),
                    last.get().statusCode() == 201);
            return;
        }
        Path users = karafHome().resolve("etc/users.properties");
        String line = name + " = " + password + "," + rolesOrGroup + "\n";
        Files.writeString(users, line, StandardOpenOption.APPEND);
        await(name + "'s password hashed in etc/users.properties", () -> {
            try {
                String content = Files.readString(users);
                if (!content.contains(name + " = ")) {
                    // A rewrite of the file that read it before our append has dropped the line.
                    Files.writeString(users, line, StandardOpenOption.APPEND);
                    return false;
                }
                return content.contains(name + " = {CRYPT}pbkdf2-sha256$") && !content.contains(password);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The node serves HTTPS only, with the certificate it made at its first start. */
    protected String baseUrl() {
        return "https://localhost:" + configured("etc/org.ops4j.pax.web.cfg", HTTPS_PORT);
    }

    protected static int sshPort() {
        return Integer.parseInt(configured("etc/org.apache.karaf.shell.cfg", "sshPort"));
    }

    private static String configured(String file, String key) {
        try {
            for (String line : Files.readAllLines(karafHome().resolve(file))) {
                String trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (equals > 0 && trimmed.substring(0, equals).strip().equals(key)) {
                    return trimmed.substring(equals + 1).strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + key + " in " + file);
    }

    /** An HTTPS client that trusts exactly the node's certificate, {@code data/qenex/tls/node-cert.pem}. */
    private synchronized HttpClient http() throws IOException, GeneralSecurityException {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .sslContext(trusting(karafData().resolve("qenex/tls/node-cert.pem"))).build();
        }
        return http;
    }

    /** A TLS context whose only trust anchor is the certificate in {@code pem}. */
    protected static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    protected HttpResponse<String> get(String path, String user, String password) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), user, password);
    }

    protected HttpResponse<String> post(String path, String body, String user, String password) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), user, password);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request, String user, String password) throws Exception {
        if (user != null) {
            String token = Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        return http().send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts the API's one error shape: a JSON object with "error", "detail" and the response's request id. */
    protected static void assertJsonError(HttpResponse<String> response, int status, String code) throws IOException {
        assertTrue("status " + response.statusCode() + ": " + response.body(), response.statusCode() == status);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(response);
        assertTrue(response.body(), body.path("error").asText().equals(code));
        assertTrue(response.body(), body.has("detail"));
        String requestId = response.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(response.body(), !requestId.isEmpty() && body.path("requestId").asText().equals(requestId));
    }

    /** Runs a shell command as a user with the given roles, as the SSH shell would. */
    protected String shell(String user, Set<String> roles, String command) throws Exception {
        return shellWithInput(user, roles, command, "");
    }

    /** A shell command that reads its input (passwords) from a headless session's input stream. */
    protected String shellWithInput(String user, Set<String> roles, String command, String input) throws Exception {
        return new HeadlessShell(bundleContext, TIMEOUT).run(user, roles, command, input);
    }

    protected String shellAsAdmin(String command) throws Exception {
        return shell(ADMIN, Set.of("admin", "operator", "viewer"), command);
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, TIMEOUT, condition);
    }

    protected static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }
}
