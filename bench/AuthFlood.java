import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Brute force and slow clients against a running node, while an admin works and a load balancer
 * polls /api/v1/health. Run by bench/auth-flood.sh (single-file Java, no build).
 *
 * Attackers: RATE requests/s of GET /api/v1/status with wrong passwords (half for "admin", half for
 * made-up names), over ATTACKERS keep-alive connections from 127.0.0.2..; slow clients: SLOW
 * connections from 127.0.1.x that POST /api/v1/chain/transactions one byte a second and reconnect
 * when answered. The admin: GET /api/v1/status 10 times a second from 127.0.0.1, new connection each
 * time (as curl in a script). Health: every 200 ms, 2 s timeout. Passes when the admin's p99 is under
 * 200 ms and health never failed.
 */
public final class AuthFlood {

    static String base;
    static String host;
    static int port;
    static SSLContext tls;
    static final AtomicBoolean running = new AtomicBoolean(true);
    static final Map<String, AtomicLong> attackStatus = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> slowStatus = new ConcurrentHashMap<>();
    static final List<Long> adminNanos = Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong adminFailures = new AtomicLong();
    static final AtomicLong healthOk = new AtomicLong();
    static final AtomicLong healthFailed = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-k")) {
                o.put("insecure", "true");
            } else {
                o.put(args[i].replaceFirst("^--", ""), args[++i]);
            }
        }
        base = o.getOrDefault("url", "http://127.0.0.1:8332");
        URI uri = URI.create(base);
        host = uri.getHost();
        port = uri.getPort() > 0 ? uri.getPort() : (uri.getScheme().equals("https") ? 443 : 80);
        if (uri.getScheme().equals("https")) {
            tls = tlsContext(o.get("cacert"), o.containsKey("insecure"));
        }
        int rate = Integer.parseInt(o.getOrDefault("rate", "200"));
        int slow = Integer.parseInt(o.getOrDefault("slow", "100"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int attackers = Integer.parseInt(o.getOrDefault("attackers", "40"));
        String adminAuth = "Basic " + Base64.getEncoder().encodeToString(
                (o.getOrDefault("user", "admin") + ":" + System.getenv("QENEX_PASSWORD")).getBytes(StandardCharsets.UTF_8));

        // The admin logs in once before the attack, as a working admin would have.
        Result first = request("127.0.0.1", "GET", "/api/v1/status", adminAuth, null, 30_000);
        if (first.status != 200) {
            System.err.println("the admin's login failed before the attack: " + first.status + " " + first.body);
            System.exit(2);
        }

        List<Thread> threads = new ArrayList<>();
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        for (int a = 0; a < attackers; a++) {
            String source = "127.0.0." + (2 + a % 250);
            int id = a;
            threads.add(start(() -> attacker(source, id, rate, attackers, start, issued)));
        }
        for (int s = 0; s < slow; s++) {
            String source = "127.0.1." + (1 + s % 250);
            threads.add(start(() -> slowClient(source)));
        }
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
        timers.scheduleAtFixedRate(() -> admin(adminAuth), 0, 100, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(AuthFlood::health, 0, 200, TimeUnit.MILLISECONDS);

        Thread.sleep(seconds * 1000L);
        running.set(false);
        timers.shutdown();
        timers.awaitTermination(5, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;

        List<Long> lat;
        synchronized (adminNanos) {
            lat = new ArrayList<>(adminNanos);
        }
        Collections.sort(lat);
        long attacks = attackStatus.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf(Locale.ROOT, "target %s, %d s: wrong passwords sent %.0f/s (%d), slow clients %d%n",
                base, seconds, attacks / elapsed, attacks, slow);
        System.out.println("attack answers:      " + new java.util.TreeMap<>(attackStatus));
        System.out.println("slow-client answers: " + new java.util.TreeMap<>(slowStatus));
        double p99 = percentile(lat, 0.99);
        System.out.printf(Locale.ROOT, "admin GET /api/v1/status: %d ok, %d failed; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                lat.size(), adminFailures.get(), percentile(lat, 0.50), percentile(lat, 0.95), p99,
                lat.isEmpty() ? Double.NaN : lat.get(lat.size() - 1) / 1e6);
        System.out.println("health: " + healthOk.get() + " ok, " + healthFailed.get() + " failed");
        boolean pass = !lat.isEmpty() && p99 < 200 && adminFailures.get() == 0 && healthFailed.get() == 0;
        System.out.println(pass ? "PASS: admin p99 < 200 ms and health never failed" : "FAIL");
        System.exit(pass ? 0 : 1);
    }

    static Thread start(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One keep-alive connection; together the attackers send `rate` requests a second. */
    static void attacker(String source, int id, int rate, int attackers, long start, AtomicLong issued) {
        SecureRandom random = new SecureRandom();
        Conn conn = null;
        long n = 0;
        while (running.get()) {
            // Request n of this attacker is due at (n * attackers + id) / rate seconds.
            long due = start + (long) ((n * attackers + id) * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            n++;
            String user = random.nextBoolean() ? "admin" : "user" + random.nextInt(100_000);
            String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":wrong" + random.nextInt())
                    .getBytes(StandardCharsets.UTF_8));
            try {
                if (conn == null) {
                    conn = Conn.open(source, 5_000);
                }
                conn.write(head("GET", "/api/v1/status", auth, -1, true));
                Result r = conn.read();
                count(attackStatus, String.valueOf(r.status));
                if (r.close) {
                    conn.close();
                    conn = null;
                }
            } catch (IOException e) {
                count(attackStatus, "io-error");
                if (conn != null) {
                    conn.closeQuietly();
                }
                conn = null;
            }
        }
    }

    /** Uploads a body one byte a second; when answered (or cut off), starts again. */
    static void slowClient(String source) {
        while (running.get()) {
            try (Conn conn = Conn.open(source, 60_000)) {
                conn.write(head("POST", "/api/v1/chain/transactions", null, 10_000, false));
                for (int i = 0; i < 10_000 && running.get(); i++) {
                    if (conn.in.available() > 0) {
                        break;
                    }
                    conn.write(new byte[] {'{'});
                    Thread.sleep(1000);
                }
                if (!running.get()) {
                    return;
                }
                count(slowStatus, String.valueOf(conn.read().status));
                sleepNanos(1_000_000_000L); // as Retry-After says; also keeps this client's own CPU use down
            } catch (IOException e) {
                count(slowStatus, "closed");
                sleepNanos(100_000_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void admin(String auth) {
        long t0 = System.nanoTime();
        try {
            Result r = request("127.0.0.1", "GET", "/api/v1/status", auth, null, 10_000);
            long t = System.nanoTime() - t0;
            if (r.status == 200) {
                adminNanos.add(t);
            } else {
                adminFailures.incrementAndGet();
                System.err.println("admin got " + r.status + " " + r.body);
            }
        } catch (IOException e) {
            adminFailures.incrementAndGet();
            System.err.println("admin request failed: " + e);
        }
    }

    static void health() {
        try {
            Result r = request("127.0.0.1", "GET", "/api/v1/health", null, null, 2_000);
            (r.status == 200 ? healthOk : healthFailed).incrementAndGet();
        } catch (IOException e) {
            healthFailed.incrementAndGet();
        }
    }

    static Result request(String source, String method, String path, String auth, byte[] body, int timeoutMillis)
            throws IOException {
        try (Conn conn = Conn.open(source, timeoutMillis)) {
            conn.write(head(method, path, auth, body == null ? -1 : body.length, false));
            if (body != null) {
                conn.write(body);
            }
            return conn.read();
        }
    }

    static byte[] head(String method, String path, String auth, int length, boolean keepAlive) {
        StringBuilder h = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (length >= 0) {
            h.append("Content-Type: application/json\r\nContent-Length: ").append(length).append("\r\n");
        }
        if (auth != null) {
            h.append("Authorization: ").append(auth).append("\r\n");
        }
        h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    record Result(int status, String body, boolean close) {
    }

    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Conn open(String source, int timeoutMillis) throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
                secure.startHandshake();
                s = secure;
            }
            return new Conn(s);
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        Result read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("closed");
            }
            long length = -1;
            boolean close = false;
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                String lower = l.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            return new Result(Integer.parseInt(status.split(" ")[1]), new String(body, StandardCharsets.UTF_8),
                    close || length < 0);
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return c < 0 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static void count(Map<String, AtomicLong> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static SSLContext tlsContext(String cacert, boolean insecure) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        if (insecure) {
            context.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) { }
                public void checkServerTrusted(X509Certificate[] c, String a) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return context;
        }
        if (cacert == null) {
            return SSLContext.getDefault();
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (FileInputStream in = new FileInputStream(cacert)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
