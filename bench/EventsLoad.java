import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Load on GET /api/v1/events: the node's CPU for SECONDS without any stream open, then CLIENTS
 * streams for SECONDS, each noting when every block and transaction event arrives; the delay of an
 * event is its arrival minus its block's timestamp (the producer's clock: run this on the node's
 * machine). STALLED more streams read one line and then nothing, like clients that hang: the node
 * must drop them (its per-client queue) without slowing the others. Run by bench/events-load.sh
 * (single-file Java, no build).
 */
public final class EventsLoad {

    static final Pattern TIME = Pattern.compile("\"time\":(\\d+)");
    static final Pattern HEIGHT = Pattern.compile("\"height\":(\\d+)");

    static final List<long[]> blockDelays = new ArrayList<>();       // {delay ms}
    static final List<long[]> transactionDelays = new ArrayList<>();
    static final AtomicLong events = new AtomicLong();
    static final AtomicLong resets = new AtomicLong();
    static final AtomicLong endedEarly = new AtomicLong();
    static final AtomicLong stalledEnded = new AtomicLong();
    static volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        String url = o.getOrDefault("url", "https://127.0.0.1:8332");
        int clients = Integer.parseInt(o.getOrDefault("clients", "100"));
        int stalled = Integer.parseInt(o.getOrDefault("stalled", "0"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        String types = o.getOrDefault("types", "block,transaction");
        String pid = o.getOrDefault("pid", "");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(4))
                .sslContext(tls(o.get("cacert"), "1".equals(o.get("insecure")))).build();
        // Streams log in with an API token (one hash each): a hundred password logins at once would be
        // refused by the node's login guard, and then lock the address out.
        String token = System.getenv("QENEX_TOKEN");
        String tokenId = null;
        if (token == null || token.isEmpty()) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((System.getenv("QENEX_USER") + ":"
                    + System.getenv("QENEX_PASSWORD")).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens"))
                    .header("Authorization", basic).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"events-load\",\"roles\":[\"viewer\"],\"expires\":\"1d\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher secret = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
            if (created.statusCode() != 201 || !secret.find()) {
                System.out.println("cannot create a viewer token: " + created.statusCode() + " " + created.body());
                System.exit(1);
            }
            token = secret.group(1);
            tokenId = id.find() ? id.group(1) : null;
            System.out.println("created the viewer token " + tokenId + " for the streams (revoked at the end)");
        }
        String auth = "Bearer " + token;

        System.out.printf("baseline: %d s with no stream open%n", seconds);
        double[] before = cpu(pid, seconds);
        System.out.printf("opening %d streams (types=%s) and %d stalled ones%n", clients, types, stalled);
        CountDownLatch open = new CountDownLatch(clients + stalled);
        // At most 10 handshakes at a time, each failed one retried twice: a hundred TLS handshakes at once
        // on a loaded 2-core machine time out, which would measure the machine, not the stream.
        Semaphore opening = new Semaphore(10);
        for (int i = 0; i < clients + stalled; i++) {
            opening.acquire();
            open(http, url + "/api/v1/events?types=" + types, auth, i >= clients, open, opening, 3);
        }
        if (!open.await(120, TimeUnit.SECONDS)) {
            System.out.println("not every stream opened within 120 s: " + open.getCount() + " missing");
        }
        System.out.printf("streams open: %d of %d (+ %d stalled of %d)%n", opened.get() - stalledOpened.get(), clients,
                stalledOpened.get(), stalled);
        measuring = true;
        System.out.printf("measuring %d s with %d streams%n", seconds, clients);
        double[] during = cpu(pid, seconds);
        measuring = false;

        System.out.println("---- events-load report ----");
        System.out.printf("events received while measuring: %d (%.0f/s over %d streams)%n", events.get(),
                events.get() / (double) seconds, clients);
        report("block", blockDelays);
        report("transaction", transactionDelays);
        System.out.printf("streams ended early: %d of %d; stalled streams dropped by the node: %d of %d; resets: %d%n",
                endedEarly.get(), clients, stalledEnded.get(), stalled, resets.get());
        if (before != null && during != null) {
            System.out.printf("node CPU (pid %s): without streams %.1f %% of one core, with %d streams %.1f %% (+%.1f points)%n",
                    pid, before[0], clients, during[0], during[0] - before[0]);
        } else {
            System.out.println("node CPU: unknown (give --pid when the node runs on this machine)");
        }
        if (tokenId != null) {
            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens/" + tokenId))
                    .header("Authorization", auth).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("token " + tokenId + " revoked: " + revoked.statusCode());
        }
        System.exit(0);
    }

    static final AtomicLong opened = new AtomicLong();
    static final AtomicLong stalledOpened = new AtomicLong();

    static void open(HttpClient http, String url, String auth, boolean stall, CountDownLatch open, Semaphore opening,
            int attempts) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .header("Accept", "text/event-stream").GET().build();
        Reader reader = new Reader(stall, open, opening);
        HttpResponse.BodyHandler<Void> body = info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.fromLineSubscriber(reader) : HttpResponse.BodySubscribers.discarding();
        http.sendAsync(request, body).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() == 200) {
                return; // the stream ended: counted by its reader
            }
            if (!reader.counted && attempts > 1) {
                open(http, url, auth, stall, open, opening, attempts - 1);
                return;
            }
            System.out.println("a stream failed: " + (failure != null ? failure : response.statusCode()));
            if (!reader.counted) {
                opening.release();
                open.countDown();
            }
        });
    }

    static void report(String type, List<long[]> delays) {
        long[] sorted;
        synchronized (delays) {
            sorted = delays.stream().mapToLong(d -> d[0]).sorted().toArray();
        }
        if (sorted.length == 0) {
            System.out.printf("%s events: none (is the chain producing blocks?)%n", type);
            return;
        }
        System.out.printf("%s delay ms (block time to receipt), %d events: p50 %d  p99 %d  max %d%n", type, sorted.length,
                sorted[sorted.length / 2], sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)],
                sorted[sorted.length - 1]);
    }

    /** The node's CPU over {@code seconds}, in % of one core; null without a pid. */
    static double[] cpu(String pid, int seconds) throws Exception {
        long start = System.nanoTime();
        long ticks = ticks(pid);
        Thread.sleep(seconds * 1000L);
        long after = ticks(pid);
        if (ticks < 0 || after < 0) {
            return null;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long hz = Long.parseLong(System.getenv().getOrDefault("QENEX_CLK_TCK", "100"));
        return new double[] {(after - ticks) / (double) hz / wall * 100};
    }

    static long ticks(String pid) {
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (Exception e) {
            return -1;
        }
    }

    /** One stream: parses events as their lines arrive; a stalled one stops asking for lines after the first. */
    static final class Reader implements Flow.Subscriber<String> {
        final boolean stall;
        final CountDownLatch open;
        final Semaphore opening;
        final Map<Long, Long> blockTimes = new ConcurrentHashMap<>();
        Flow.Subscription subscription;
        String event;
        volatile boolean counted;

        Reader(boolean stall, CountDownLatch open, Semaphore opening) {
            this.stall = stall;
            this.open = open;
            this.opening = opening;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(stall ? 1 : Long.MAX_VALUE);
            if (!counted) {
                counted = true;
                opened.incrementAndGet();
                if (stall) {
                    stalledOpened.incrementAndGet();
                }
                opening.release();
                open.countDown();
            }
        }

        @Override
        public void onNext(String line) {
            long now = System.currentTimeMillis();
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && event != null) {
                on(event, line.substring(6), now);
            } else if (line.isEmpty()) {
                event = null;
            }
        }

        void on(String type, String data, long now) {
            if (type.equals("reset")) {
                resets.incrementAndGet();
                return;
            }
            Matcher height = HEIGHT.matcher(data);
            if (!height.find()) {
                return;
            }
            long h = Long.parseLong(height.group(1));
            if (type.equals("block")) {
                Matcher time = TIME.matcher(data);
                if (time.find()) {
                    long blockTime = Long.parseLong(time.group(1));
                    blockTimes.put(h, blockTime);
                    blockTimes.keySet().removeIf(k -> k < h - 10);
                    record(blockDelays, now - blockTime);
                }
            } else if (type.equals("transaction")) {
                Long blockTime = blockTimes.get(h);
                if (blockTime != null) {
                    record(transactionDelays, now - blockTime);
                }
            }
        }

        void record(List<long[]> delays, long delay) {
            if (measuring) {
                events.incrementAndGet();
                synchronized (delays) {
                    delays.add(new long[] {delay});
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended();
        }

        @Override
        public void onComplete() {
            ended();
        }

        void ended() {
            if (stall) {
                stalledEnded.incrementAndGet();
            } else if (measuring) {
                endedEarly.incrementAndGet();
            }
        }
    }

    static SSLContext tls(String cacert, boolean insecure) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        if (insecure) {
            context.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) { }
                public void checkServerTrusted(X509Certificate[] c, String a) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, new SecureRandom());
            return context;
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        if (cacert != null && !cacert.isEmpty()) {
            try (InputStream in = new FileInputStream(cacert)) {
                trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
