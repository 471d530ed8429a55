package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.qenex.itests.UnpackedDistribution.freePort;
import static org.qenex.itests.UnpackedDistribution.https;
import static org.qenex.itests.UnpackedDistribution.replaceLine;
import static org.qenex.itests.UnpackedDistribution.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;


import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The distribution as a user gets it: unpacked, started with its own scripts, used through
 * HTTPS and {@code bin/client}, stopped and started again. No Pax Exam: nothing added to it.
 */
public class DistributionIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private Path home;
    private Process karaf;
    private Path console;
    private int httpPort;
    private int sshPort;

    @Before
    public void unpack() throws Exception {
        home = UnpackedDistribution.unpack("dist-it");
        httpPort = freePort();
        sshPort = freePort();
        replaceLine(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port.secure",
                "org.osgi.service.http.port.secure = " + httpPort);
        replaceLine(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", "sshPort = " + sshPort);
        console = home.resolve("console.out");
    }

    @After
    public void stop() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            // bin/karaf is a shell script: the JVM is its child and must not outlive the test
            karaf.descendants().forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void bootsCleanlyPrintsTheFirstPasswordOnceAndKeepsItsStateAcrossARestart() throws Exception {
        start();
        Path secret = home.resolve("data/qenex/initial-admin-password");
        await("the generated admin password", () -> Files.exists(secret) && Files.size(secret) > 0);
        String password = Files.readString(secret).strip();
        await("GET /api/v1/status answers 200", () -> status(password) == 200);
        Path archive = home.resolve("data/cds/qenex.jsa");
        assertTrue("the first boot maps the class data sharing archive the distribution ships", nodeMaps(archive));
        long shipped = Files.size(archive);

        assertEquals("printed once on the console", 1, occurrences(Files.readString(console), password));
        List<String> errors = Files.readAllLines(home.resolve("data/log/karaf.log")).stream()
                .filter(line -> line.contains("| ERROR |")).toList();
        assertTrue("errors in karaf.log: " + errors, errors.isEmpty());
        assertFalse(Files.readString(home.resolve("etc/users.properties")).contains(password));

        assertServesHttpsOnlyWithItsOwnCertificate();
        assertSecretsAreTheNodesUsersOnly();

        String shell = client(password, "qenex:status");
        assertTrue(shell, shell.contains("Health:"));
        String nodeId = shell.lines().filter(l -> l.startsWith("Node:")).findFirst().orElseThrow();
        String fingerprint = fingerprint(pem());

        shutdown();
        assertEquals("a stop keeps the shipped archive", shipped, Files.size(archive));
        start();
        await("GET /api/v1/status answers 200 after the restart", () -> status(password) == 200);
        assertTrue("the restarted node maps the archive", nodeMaps(archive));
        assertEquals("the password file is written once", password, Files.readString(secret).strip());
        assertEquals("nothing printed the second time", 0, occurrences(Files.readString(console), password));
        String again = client(password, "qenex:status");
        assertTrue("same node id after a restart: " + again, again.contains(nodeId));
        assertEquals("the same certificate after a restart", fingerprint, fingerprint(pem()));
        // Right after a start the node answers 503 STARTING until its own endpoints are registered.
        await("HTTPS health UP after a restart", () -> health().startsWith("{\"status\":\"UP\",\"degraded\":["));
    }

    /**
     * Exactly what docs/operations.md tells a user: curl trusting the node's PEM (Java's HTTP client
     * with that PEM as the only trust anchor if curl is missing); plain HTTP gets no answer.
     */
    private void assertServesHttpsOnlyWithItsOwnCertificate() throws Exception {
        await("HTTPS health UP", () -> health().startsWith("{\"status\":\"UP\",\"degraded\":["));
        String fingerprint = fingerprint(pem());
        List<String> logged = Files.readAllLines(home.resolve("data/log/karaf.log")).stream()
                .filter(line -> line.contains("Created the node's TLS certificate")).toList();
        assertEquals(logged.toString(), 1, logged.size());
        assertTrue(logged.get(0), logged.get(0).contains("SHA-256 fingerprint " + fingerprint));
        assertTrue(logged.get(0), logged.get(0).contains("localhost") && logged.get(0).contains("127.0.0.1"));

        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/health"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString());
            assertFalse("plain HTTP answered " + answer.statusCode() + ": " + answer.body(), answer.body().contains("UP"));
        } catch (IOException expected) {
            // the TLS port does not speak HTTP
        }
    }

    private void assertSecretsAreTheNodesUsersOnly() throws Exception {
        for (String file : List.of("etc/users.properties", "data/log/karaf.log", "data/qenex/tls/node.p12",
                "data/qenex/tls/keystore-password", "data/qenex/shell/history")) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file)));
            assertTrue(file + " is " + mode, mode.endsWith("------"));
        }
        String keystorePassword = Files.readString(home.resolve("data/qenex/tls/keystore-password")).strip();
        try (var files = Files.walk(home.resolve("etc"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(file + " holds the keystore password", Files.readString(file, StandardCharsets.ISO_8859_1).contains(keystorePassword));
            }
        }
    }

    private String health() throws Exception {
        Path pem = pem();
        if (Files.isExecutable(Paths.get("/usr/bin/curl"))) {
            Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--cacert", "data/qenex/tls/node-cert.pem",
                    "https://localhost:" + httpPort + "/api/v1/health").directory(home.toFile()).redirectErrorStream(true).start();
            String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("curl finished", curl.waitFor(30, TimeUnit.SECONDS));
            assertEquals("curl: " + body, 0, curl.exitValue());
            return body.strip();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + "/api/v1/health"))
                .timeout(Duration.ofSeconds(20)).build();
        return https(pem).send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
    }

    private Path pem() {
        return home.resolve("data/qenex/tls/node-cert.pem");
    }

    private static String fingerprint(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    /** Also: a node without the shipped archive (another JDK refused it, or an operator deleted it) records its own. */
    @Test
    public void anOperatorChoosesTheFirstPasswordThroughTheEnvironment() throws Exception {
        Path archive = home.resolve("data/cds/qenex.jsa");
        Files.delete(archive);
        String chosen = "operator-chosen-" + Long.toHexString(System.nanoTime());
        start(chosen);
        await("GET /api/v1/status answers 200 with the chosen password", () -> status(chosen) == 200);
        assertFalse("no archive until its first stop records one", Files.exists(archive));

        assertFalse("no generated password file", Files.exists(home.resolve("data/qenex/initial-admin-password")));
        assertEquals("never printed", 0, occurrences(Files.readString(console), chosen));
        String users = Files.readString(home.resolve("etc/users.properties"));
        assertFalse("never stored in clear", users.contains(chosen));
        assertTrue(users, users.contains("admin = {CRYPT}pbkdf2-sha256$"));
        assertEquals(401, status(chosen + "-wrong"));

        shutdown();
        assertTrue("the first clean stop recorded a class data sharing archive", Files.size(archive) > 1_000_000);
        start(chosen);
        await("GET /api/v1/status answers 200 after the restart", () -> status(chosen) == 200);
        assertTrue("the restarted node maps the archive it recorded", nodeMaps(archive));
    }

    private void start() throws IOException {
        start(null);
    }

    private void start(String adminPassword) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (adminPassword == null) {
            builder.environment().remove("QENEX_ADMIN_PASSWORD");
        } else {
            builder.environment().put("QENEX_ADMIN_PASSWORD", adminPassword);
        }
        karaf = builder.start();
    }

    private void shutdown() throws Exception {
        run(List.of(home.resolve("bin/stop").toString()), Duration.ofSeconds(60));
        // the first stop also writes the class data sharing archive (tens of MB)
        if (!karaf.waitFor(120, TimeUnit.SECONDS)) {
            fail("Karaf did not stop within 120 s");
        }
    }

    /** Whether the node's JVM (bin/karaf's child) has {@code file} mapped. */
    private boolean nodeMaps(Path file) throws IOException {
        for (ProcessHandle process : karaf.descendants().toList()) {
            Path maps = Paths.get("/proc", String.valueOf(process.pid()), "maps");
            if (Files.exists(maps) && Files.readString(maps).contains(file.toRealPath().toString())) {
                return true;
            }
        }
        return false;
    }

    private String client(String password, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-u", "admin", "-p", password, "-b").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = builder.start();
        client.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("bin/client finished", client.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    private int status(String password) throws Exception {
        if (!Files.exists(pem())) {
            return -1;
        }
        try {
            String token = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + httpPort + "/api/v1/status"))
                    .header("Authorization", "Basic " + token).timeout(Duration.ofSeconds(10)).build();
            return https(pem()).send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private void await(String what, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                fail("Karaf exited while waiting for " + what + ":\n" + Files.readString(console));
            }
            if (condition.holds()) {
                return;
            }
            Thread.sleep(250);
        }
        fail("timed out waiting for " + what);
    }

    private interface CheckedCondition {
        boolean holds() throws Exception;
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

}
