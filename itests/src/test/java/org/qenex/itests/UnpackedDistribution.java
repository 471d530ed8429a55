package org.qenex.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the tests that unpack the built distribution and drive it through its own scripts
 * ({@link DistributionIT}, {@link ConsoleIT}, {@link ClassDataSharingIT}) share: the unpacked
 * distribution, free ports, edited config lines, commands run to completion, and an HTTPS client that
 * trusts only the node's certificate.
 */
final class UnpackedDistribution {

    private UnpackedDistribution() {
    }

    /** Unpacks the built distribution into a new folder below {@code target/<folder>}; returns its Karaf home. */
    static Path unpack(String folder) throws Exception {
        Path target = Paths.get("target", folder).toAbsolutePath();
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target, "node");
        run(List.of("tar", "xzf", System.getProperty("qenex.distribution"), "-C", dir.toString()), Duration.ofSeconds(60));
        try (var entries = Files.list(dir)) {
            return entries.findFirst().orElseThrow();
        }
    }

    /** An HTTPS client whose only trust anchor is the node's certificate. */
    static HttpClient https(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Replaces the line of {@code file} that starts with {@code key}; fails if there is none. */
    static void replaceLine(Path file, String key, String line) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().map(l -> l.strip().startsWith(key) ? line : l).toList();
        assertTrue(file + " has no " + key, lines.contains(line));
        Files.write(file, lines);
    }

    /** Runs a command to completion; fails if it takes longer than {@code timeout} or exits non-zero. */
    static void run(List<String> command, Duration timeout) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail(command + " failed");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
