package org.qenex.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.rules.ExternalResource;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Several QENEX nodes on one machine, each the built distribution unpacked into {@code target/},
 * started with its own {@code bin/karaf server} like {@link DistributionIT}: every port (REST,
 * SSH, RMI, peer-to-peer) free and on 127.0.0.1, seeds and genesis file written into each node's
 * {@code etc/}. A JUnit rule: whatever happens, every JVM it started is killed and every folder
 * removed when the test (or class) ends; each node's {@code karaf.log} is kept in
 * {@code target/local-network/} for a failed run to be read.
 */
final class LocalNetwork extends ExternalResource {

    /** A first boot takes 30-60 s on an idle 2-core machine; several at once on a loaded one, minutes. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(Long.getLong("qenex.bootTimeoutSeconds", 360));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root = Paths.get("target", "local-network").toAbsolutePath();
    private final List<Node> nodes = new ArrayList<>();

    /** Unpacks a node called {@code name}, with free ports; not started. */
    Node add(String name) throws Exception {
        Files.createDirectories(root);
        Path dir = Files.createTempDirectory(root, name + "-");
        exec(List.of("tar", "xzf", System.getProperty("qenex.distribution"), "-C", dir.toString()), Duration.ofSeconds(120));
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.findFirst().orElseThrow();
        }
        Node node = new Node(name, dir, home);
        nodes.add(node);
        return node;
    }

    private String testClass = "";

    /** Waits until every node has a block at {@code height} and all are the same block with the same state commitment. */
    void awaitSameBlock(long height, Duration timeout) throws Exception {
        await("every node agrees on block " + height, timeout, () -> {
            List<String> seen = new ArrayList<>();
            for (Node node : nodes) {
                HttpResponse<String> block = node.get("/api/v1/chain/blocks/" + height, true);
                if (block.statusCode() != 200) {
                    return false;
                }
                JsonNode json = JSON.readTree(block.body());
                seen.add(json.path("hash").asText() + "/" + json.path("stateCommitment").asText());
            }
            return seen.stream().distinct().count() == 1;
        });
    }

    /** Starts every node not running, then waits until each answers health UP. */
    void startAll() throws Exception {
        for (Node node : nodes) {
            if (!node.isRunning()) {
                node.start();
            }
        }
        for (Node node : nodes) {
            node.awaitUp();
        }
    }

    /** The test class, so that each class's node logs are kept apart under {@code target/local-network}. */
    @Override
    public Statement apply(Statement base, Description description) {
        testClass = description.getTestClass() == null ? "" : description.getTestClass().getSimpleName() + "-";
        return super.apply(base, description);
    }

    @Override
    protected void after() {
        for (Node node : nodes) {
            node.kill();
            try {
                Path log = node.home.resolve("data/log/karaf.log");
                if (Files.exists(log)) {
                    Files.copy(log, root.resolve(testClass + node.name + "-karaf.log"), StandardCopyOption.REPLACE_EXISTING);
                }
                deleteTree(node.dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cleaning up node " + node.name, e);
            }
        }
        nodes.clear();
    }

    /** One node: its folder, ports, configuration and process. */
    static final class Node {
        final String name;
        final Path home;
        final int restPort;
        final int sshPort;
        final int peerPort;
        final String adminPassword;
        private final Path dir;
        private Process karaf;
        private HttpClient https;

        private Node(String name, Path dir, Path home) throws IOException {
            this.name = name;
            this.dir = dir;
            this.home = home;
            this.restPort = freePort();
            this.sshPort = freePort();
            this.peerPort = freePort();
            this.adminPassword = "local-network-" + name + "-" + Long.toHexString(System.nanoTime());
            replaceLine("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", restPort);
            append("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses = 127.0.0.1");
            replaceLine("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort);
            replaceLine("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
            replaceLine("etc/org.qenex.network.cfg", "port", peerPort);
            replaceLine("etc/org.qenex.network.cfg", "bindAddress", "127.0.0.1");
            // a block at every turn, empty or not: the tests watch turns and convergence, not an idle chain's minute
            config("org.qenex.chain.producer", Map.of("emptyBlockSeconds", 0));
            // JMX/RMI, should the management feature ever be installed: never 1099/44444, never public
            config("org.apache.karaf.management", Map.of("rmiRegistryHost", "127.0.0.1", "rmiRegistryPort", freePort(),
                    "rmiServerHost", "127.0.0.1", "rmiServerPort", freePort()));
        }

        /** {@code host:port} of this node's peer-to-peer listener. */
        String peerAddress() {
            return "127.0.0.1:" + peerPort;
        }

        /**
         * Dials {@code other} at start. One seed per node (a ring: A seeds B, B seeds C, ...; peer
         * exchange finds the rest): a {@code .cfg} value is one string, and the network reads
         * {@code seeds} as one address per array element.
         */
        Node seed(Node other) throws IOException {
            append("etc/org.qenex.network.cfg", "seeds = " + other.peerAddress());
            return this;
        }

        /** Writes (or adds to) {@code etc/<pid>.cfg}; read at the next start. */
        Node config(String pid, Map<String, Object> values) throws IOException {
            StringBuilder text = new StringBuilder();
            values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
            Path file = home.resolve("etc/" + pid + ".cfg");
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return this;
        }

        /**
         * Gives the node its block-signing key before its first start, in the chain's own format
         * ({@code data/qenex/chain/node.key}: the 32-byte Ed25519 seed as hex, owner-only), and
         * returns its public key as hex: what a network's genesis file lists for a validator.
         */
        String createValidatorKey() throws Exception {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] x509 = pair.getPublic().getEncoded();
            Path file = home.resolve("data/qenex/chain/node.key");
            Files.createDirectories(file.getParent());
            Files.writeString(file, HexFormat.of().formatHex(pkcs8, pkcs8.length - 32, pkcs8.length) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return HexFormat.of().formatHex(x509, x509.length - 32, x509.length);
        }

        /** Makes the chain read {@code genesis} (a network's shared file) instead of creating its own. */
        Node genesis(Path genesis) throws IOException {
            return config("org.qenex.chain", Map.of("genesisFile", genesis.toString()));
        }

        void start() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                    .directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("QENEX_ADMIN_PASSWORD", adminPassword);
            // three nodes and the build share two cores and the test JVM: keep each heap small
            builder.environment().put("JAVA_MAX_MEM", "384M");
            karaf = builder.start();
        }

        boolean isRunning() {
            return karaf != null && karaf.isAlive();
        }

        /** Waits until {@code /api/v1/health} answers 200 UP (DEGRADED parts included: it serves). */
        void awaitUp() throws Exception {
            String[] last = {"no answer"};
            try {
                await(name + ": /api/v1/health UP", BOOT_TIMEOUT, () -> {
                    if (!isRunning()) {
                        throw new AssertionError(name + " exited while starting:\n" + tail("console.out"));
                    }
                    try {
                        HttpResponse<String> health = get("/api/v1/health", false);
                        last[0] = health.statusCode() + " " + health.body();
                        return health.statusCode() == 200 && health.body().contains("\"UP\"");
                    } catch (IOException notYet) {
                        last[0] = "no answer: " + notYet;
                        return false;
                    }
                });
            } catch (AssertionError timedOut) {
                // what a node that never came up said, and why, in the failure itself: its folder is removed afterwards
                throw new AssertionError(timedOut.getMessage() + "; last health answer: " + last[0]
                        + "\nits WARN and ERROR lines:\n" + problemLines(), timedOut);
            }
        }

        /** The last 40 WARN or ERROR lines of this node's log. */
        private String problemLines() throws IOException {
            Path log = home.resolve("data/log/karaf.log");
            if (!Files.exists(log)) {
                return "(no karaf.log)";
            }
            List<String> problems = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(line -> line.contains("| WARN ") || line.contains("| ERROR ")).toList();
            return String.join("\n", problems.subList(Math.max(0, problems.size() - 40), problems.size()));
        }

        /** SIGKILL to the JVM and the script that started it: no shutdown hooks, no clean close of the store. */
        void kill() {
            if (karaf != null) {
                karaf.descendants().forEach(ProcessHandle::destroyForcibly);
                karaf.destroyForcibly();
                try {
                    karaf.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** kill -9, then start again on the same ports and data, and wait for UP. */
        void restart() throws Exception {
            kill();
            start();
            awaitUp();
        }

        /** A GET over HTTPS trusting this node's own certificate; with the admin's login or none. */
        HttpResponse<String> get(String path, boolean admin) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + restPort + path))
                    .timeout(Duration.ofSeconds(20));
            if (admin) {
                request.header("Authorization", basic());
            }
            return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private String basic() {
            return "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        }

        /** A JSON POST over HTTPS; with the admin's login or none. */
        HttpResponse<String> post(String path, String body, boolean admin) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + restPort + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (admin) {
                request.header("Authorization", basic());
            }
            return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A DELETE over HTTPS with the admin's login. */
        HttpResponse<String> delete(String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + restPort + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", basic()).DELETE().build();
            return client().send(request, HttpResponse.BodyHandlers.ofString());
        }

        /** The JSON of a GET that must answer 200. */
        JsonNode json(String path, boolean admin) throws Exception {
            HttpResponse<String> answer = get(path, admin);
            if (answer.statusCode() != 200) {
                throw new AssertionError(name + ": GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return JSON.readTree(answer.body());
        }

        /** The lines of this node's {@code karaf.log} containing every one of {@code needles}. */
        List<String> logLines(String... needles) throws IOException {
            Path log = home.resolve("data/log/karaf.log");
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(line -> List.of(needles).stream().allMatch(line::contains)).toList();
        }

        private HttpClient client() throws Exception {
            if (https == null) {
                Path pem = home.resolve("data/qenex/tls/node-cert.pem");
                if (!Files.exists(pem)) {
                    throw new IOException("no certificate yet");
                }
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(pem)) {
                    trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                managers.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, managers.getTrustManagers(), null);
                https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
            }
            return https;
        }

        private String tail(String file) throws IOException {
            String text = Files.readString(home.resolve(file), StandardCharsets.ISO_8859_1);
            return text.substring(Math.max(0, text.length() - 4000));
        }

        private void replaceLine(String file, String key, Object value) throws IOException {
            Path path = home.resolve(file);
            String line = key + " = " + value;
            List<String> lines = Files.readAllLines(path).stream()
                    .map(l -> l.strip().matches(Pattern.quote(key) + "\\s*=.*") ? line : l).toList();
            if (!lines.contains(line)) {
                throw new IllegalStateException(file + " has no setting " + key);
            }
            Files.write(path, lines);
        }

        private void append(String file, String line) throws IOException {
            Files.writeString(home.resolve(file), "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    /**
     * Writes a network's genesis file (docs/chain.md, "Parameters"): the chain id, the validators'
     * keys in slot order, the block interval, and now as the genesis time; every other parameter
     * takes its default.
     */
    Path writeGenesis(String chainId, long blockIntervalMillis, List<String> validatorKeys) throws IOException {
        return writeGenesis(chainId, blockIntervalMillis, validatorKeys, Map.of());
    }

    /** The same, with other parameters of docs/chain.md set ({@code minFee}, {@code finalityDepth}, ...). */
    Path writeGenesis(String chainId, long blockIntervalMillis, List<String> validatorKeys, Map<String, Object> parameters)
            throws IOException {
        Files.createDirectories(root);
        Path file = Files.createTempFile(root, "genesis-", ".json");
        Map<String, Object> genesis = new LinkedHashMap<>();
        genesis.put("chainId", chainId);
        genesis.put("genesisTimeMillis", System.currentTimeMillis());
        genesis.put("validators", validatorKeys);
        genesis.put("blockIntervalMillis", blockIntervalMillis);
        genesis.putAll(parameters);
        JSON.writeValue(file.toFile(), genesis);
        return file;
    }

    /** Polls {@code condition} every 250 ms until it holds, or fails naming {@code what}. */
    static void await(String what, Duration timeout, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    interface CheckedCondition {
        boolean holds() throws Exception;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void exec(List<String> command, Duration timeout) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(command + " failed");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
