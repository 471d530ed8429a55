import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The propagation monitor of bench/network-load.sh (only the JDK): one event stream
 * ({@code GET /api/v1/events?types=block}, docs/monitoring.md) per node, each block event's arrival
 * time noted per node. A node publishes {@code block} when the block joins its main chain (produced
 * there, or imported after full validation), and every stream is read here on one machine clock, so
 * "arrival at node X minus the first arrival anywhere" is the block's propagation delay to X (the
 * first node is the one that produced it). Runs until the file STOP exists, then waits two block
 * intervals for the last blocks, compares the three chains and prints the report.
 *
 * Environment: NODES (comma-separated {@code name|https-url|cacert-pem|user|password}), STOP (a
 * path), INTERVAL_MS, LOADED_MIN_TX (a block with at least this many transactions counts as
 * "under load"; default 100), WARMUP_MS and TRACE (with WARMUP_MS > 0: blocks stamped within WARMUP_MS
 * of the sending's start, the first line {@code # start EPOCH_MS} of chain-load's TRACE file, are the
 * warm-up, reported apart and not counted in the percentiles that decide PASS).
 */
class NetworkPropagation {

    record Node(String name, String url, HttpClient http, String auth) {
    }

    /** {@code importNanos}: how long the node took to import (or produce) the block, -1 if it did not say. */
    record Seen(long arrivalMillis, long height, long timeMillis, int transactions, long importNanos) {
    }

    static final Pattern FIELD = Pattern.compile("\"(height|hash|time|transactions|importNanos)\"\\s*:\\s*\"?([0-9a-f]+)\"?");

    public static void main(String[] args) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (String spec : System.getenv("NODES").split(",")) {
            String[] p = spec.split("\\|");
            nodes.add(new Node(p[0], p[1].replaceAll("/+$", ""), client(Path.of(p[2])),
                    "Basic " + Base64.getEncoder().encodeToString((p[3] + ":" + p[4]).getBytes(StandardCharsets.UTF_8))));
        }
        Path stop = Path.of(System.getenv("STOP"));
        long interval = Long.parseLong(System.getenv().getOrDefault("INTERVAL_MS", "5000"));
        int loadedMin = Integer.parseInt(System.getenv().getOrDefault("LOADED_MIN_TX", "100"));
        long warmupMillis = Long.parseLong(System.getenv().getOrDefault("WARMUP_MS", "0"));
        // hash -> node name -> what that node's stream said, and when it arrived here
        Map<String, Map<String, Seen>> blocks = new ConcurrentHashMap<>();
        Map<String, String> problems = new ConcurrentHashMap<>();
        List<Thread> readers = new ArrayList<>();
        for (Node node : nodes) {
            HttpResponse<Stream<String>> stream = node.http().send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/events?types=block"))
                    .header("Authorization", node.auth()).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (stream.statusCode() != 200) {
                throw new IllegalStateException(node.name() + ": /api/v1/events answered " + stream.statusCode());
            }
            Thread reader = new Thread(() -> read(node, stream.body(), blocks, problems), "events-" + node.name());
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        System.out.println("monitor: streaming block events from " + nodes.size() + " nodes");
        while (!Files.exists(stop)) {
            Thread.sleep(200);
        }
        Thread.sleep(2 * interval);
        long measuredFrom = warmupMillis <= 0 ? Long.MIN_VALUE : sendingStart(Path.of(System.getenv("TRACE"))) + warmupMillis;

        // the chains: the same block at the lowest head on every node
        long common = Long.MAX_VALUE;
        for (Node node : nodes) {
            common = Math.min(common, num(get(node, "/api/v1/chain/head"), "height"));
        }
        String reference = null;
        boolean sameChain = true;
        for (Node node : nodes) {
            String hash = str(get(node, "/api/v1/chain/blocks/" + common), "hash");
            System.out.printf("%s: block %d is %s%n", node.name(), common, hash);
            sameChain &= reference == null || reference.equals(hash);
            reference = reference == null ? hash : reference;
        }

        List<Long> toAll = new ArrayList<>(), toAllLoaded = new ArrayList<>(), perNode = new ArrayList<>(), sinceStamp = new ArrayList<>();
        List<Long> warmupLoaded = new ArrayList<>();
        Map<String, Long> txPerNode = new TreeMap<>();
        int incomplete = 0, loaded = 0;
        for (Map.Entry<String, Map<String, Seen>> e : blocks.entrySet()) {
            Map<String, Seen> at = e.getValue();
            Seen any = at.values().iterator().next();
            if (any.height() > common) {
                continue;
            }
            at.forEach((name, seen) -> txPerNode.merge(name, (long) seen.transactions(), Long::sum));
            if (at.size() < nodes.size()) {
                // a block some node never connected: a branch that lost fork choice, or a stream gap
                incomplete++;
                continue;
            }
            long first = at.values().stream().mapToLong(Seen::arrivalMillis).min().orElseThrow();
            long last = at.values().stream().mapToLong(Seen::arrivalMillis).max().orElseThrow();
            if (any.timeMillis() < measuredFrom) {
                if (any.transactions() >= loadedMin) {
                    warmupLoaded.add(last - first);
                }
                continue;
            }
            // every arrival but the first (the producer's)
            at.values().stream().mapToLong(Seen::arrivalMillis).sorted().skip(1).forEach(t -> perNode.add(t - first));
            toAll.add(last - first);
            sinceStamp.add(last - any.timeMillis());
            if (any.transactions() >= loadedMin) {
                toAllLoaded.add(last - first);
                loaded++;
            }
        }
        // each block seen by every node, by height: its producer (the first arrival) and each other node's delay after it
        System.out.println("blocks seen by every node, by height: transactions, first node, then each other node's arrival after it;"
                + " in brackets how long each node took to produce or import it (its event's importNanos)");
        long lowestHead = common;
        blocks.values().stream().filter(at -> at.size() == nodes.size() && at.values().iterator().next().height() <= lowestHead)
                .sorted(java.util.Comparator.comparingLong(at -> at.values().iterator().next().height()))
                .forEach(at -> {
                    long first = at.values().stream().mapToLong(Seen::arrivalMillis).min().orElseThrow();
                    StringBuilder line = new StringBuilder(String.format("  %5d %6d tx", at.values().iterator().next().height(),
                            at.values().iterator().next().transactions()));
                    at.entrySet().stream().sorted(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Seen::arrivalMillis)))
                            .forEach(e -> line.append(e.getValue().arrivalMillis() == first && line.indexOf("first") < 0
                                    ? "  first " + e.getKey() : String.format("  %s +%d ms", e.getKey(), e.getValue().arrivalMillis() - first))
                                    .append(e.getValue().importNanos() < 0 ? "" : String.format(" (%d)", e.getValue().importNanos() / 1_000_000)));
                    System.out.println(line);
                });
        System.out.println("---- network-load propagation report ----");
        if (warmupMillis > 0) {
            System.out.printf("warm-up: the blocks stamped in the first %d ms of the sending, not counted below: %s with >= %d transactions: %s%n",
                    warmupMillis, warmupLoaded.size(), loadedMin, summary(warmupLoaded));
        }
        System.out.printf("blocks up to height %d seen by every node%s: %d (with >= %d transactions: %d); seen by some nodes only (branches that lost fork choice): %d%n",
                common, warmupMillis > 0 ? " after the warm-up" : "", toAll.size(), loadedMin, loaded, incomplete);
        System.out.printf("propagation to every node (last arrival - first), all blocks: %s%n", summary(toAll));
        System.out.printf("propagation to every node, blocks with >= %d transactions: %s%n", loadedMin, summary(toAllLoaded));
        System.out.printf("per receiving node (each arrival after the first): %s%n", summary(perNode));
        System.out.printf("block timestamp to the last node's arrival (production included): %s%n", summary(sinceStamp));
        // a block connected and later reorganised away is counted by the node that connected it
        System.out.printf("transactions in the blocks each node connected (up to height %d, blocks later reorganised away included): %s%n",
                common, txPerNode);
        System.out.printf("same block at height %d on every node: %s; stream problems: %s%n", common, sameChain,
                problems.isEmpty() ? "none" : problems);
        // blocks seen by some nodes only are branches that lost fork choice (an out-of-turn block beside
        // an in-turn one): reported, not a failure; one chain at the end is what counts
        System.out.println(sameChain && problems.isEmpty() && !toAllLoaded.isEmpty()
                && pct(toAllLoaded, 95) < 500 ? "PROPAGATION PASS (p95 < 500 ms under load, one chain)" : "PROPAGATION FAIL");
    }

    static void read(Node node, Stream<String> lines, Map<String, Map<String, Seen>> blocks, Map<String, String> problems) {
        try {
            String event = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "block".equals(event)) {
                    long now = System.currentTimeMillis();
                    Map<String, String> f = new java.util.HashMap<>();
                    Matcher m = FIELD.matcher(line);
                    while (m.find()) {
                        f.put(m.group(1), m.group(2));
                    }
                    blocks.computeIfAbsent(f.get("hash"), h -> new ConcurrentHashMap<>()).put(node.name(),
                            new Seen(now, Long.parseLong(f.get("height")), Long.parseLong(f.get("time")), Integer.parseInt(f.get("transactions")),
                                    f.containsKey("importNanos") ? Long.parseLong(f.get("importNanos")) : -1));
                } else if (line.startsWith("data:") && "reset".equals(event)) {
                    problems.put(node.name(), "reset event (the node dropped events for this stream)");
                }
            }
            problems.putIfAbsent(node.name(), "stream ended");
        } catch (RuntimeException e) {
            problems.put(node.name(), e.toString());
        }
    }

    /** The sending's start: chain-load's trace begins with {@code # start EPOCH_MS}. */
    static long sendingStart(Path trace) throws java.io.IOException {
        String first = Files.readAllLines(trace).get(0);
        if (!first.startsWith("# start ")) {
            throw new IllegalStateException(trace + " does not begin with '# start': " + first);
        }
        return Long.parseLong(first.substring(8).split(" ")[0]);
    }

    static String summary(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format("n %d, p50 %d ms, p95 %d ms, max %d ms", sorted.size(), pct(sorted, 50), pct(sorted, 95),
                sorted.get(sorted.size() - 1));
    }

    static long pct(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String get(Node node, String path) throws Exception {
        HttpResponse<String> r = node.http().send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", node.auth()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(node.name() + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static long num(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    static String str(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    /** An HTTP/1.1 client whose only trust anchor is the node's certificate. */
    static HttpClient client(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
