#!/usr/bin/env bash
# Load test of the QXC ledger over REST: signed transfers at RATE/s for SECONDS s against one node
# (QENEX_URL, default https://127.0.0.1:8332), then reports the submit latency (p50/p99/max) and
# whether every accepted transfer landed in a block within two block intervals. Beside the figures it
# reports the AI improver's state before and after (GET /api/v1/ai/improver: candidates judged during
# the run show how far the improver got under load) and the node's CPU during the send phase, split
# into service (the node's JVM) and background (its training worker processes), read from /proc
# when the node runs on this machine (QENEX_NODE_PID, else the process listening on the URL's port),
# and the machine's load average (/proc/loadavg) before and after sending: on a shared machine the
# latency figures measure the contention as much as the node.
#
# Bounded: at most RATE*SECONDS transfers (default 60,000), the send phase stops after SECONDS + 5 s
# whatever happens, the confirmation wait after 3 intervals + 10 s, at most 5,000 requests in flight.
# A transfer the in-flight cap skips is never sent, so every later transfer of its sender would be
# refused (nonce_skipped): those are not sent either, and are reported as "not sent" (they count
# against acceptance, but cost the node nothing). PASS needs every transfer accepted, every accepted
# one confirmed within two intervals and a submit p99 after the warm-up under 100 ms.
#
# The generator shares the machine with the node: everything is signed before the timed phase, each
# sender has its own thread and kept-alive connection with blocking I/O (the JDK's asynchronous
# HttpClient cost about as much CPU per transfer as the node spent serving it), the JVM runs the
# serial GC, and the report gives the generator's own CPU beside the node's.
#
# Set-up it does itself: makes SENDERS throw-away keys (default 100), funds one of its own keys from
# a node wallet (POST /api/v1/wallets/{wallet}/transfers, role operator), fans the coins out to the
# senders with signed transfers, waits for them to confirm, pre-signs every transfer, warms its client
# up (set-up, not measured: opens every sender's connection and TLS session, at most 10 handshakes at
# once, and makes WARMUP_ROUNDS authenticated reads on each, default 5; its output says so), then sends.
#
# BATCH=N (default 1: one POST /api/v1/chain/transactions per transfer) sends the transfers as an
# exchange's hot wallet would: through POST /api/v1/chain/transactions/batch, at most N per request,
# over BATCH_CONNECTIONS kept-alive connections (default 2; a sender's transfers always on the same
# one, so in nonce order), each request carrying what came due within LINGER_MS (default 100) of its
# first transfer. A transfer's latency then counts from when it came due (the linger included), not
# from when its request left; refusals inside a 200 answer are reported as "batch <code>".
#
# The latency of the first WARMUP seconds (default 10) is reported apart from the rest; every transfer
# counts for acceptance and confirmation. A transfer answered 429 (rate_limited, Retry-After: 1) is
# sent again a second later, up to 5 times, as a wallet would; its latency includes the wait, and the
# report counts these. QENEX_LOAD_TRACE=file writes each submit's start (ms) and latency (us), after a first
# line "# start EPOCH_MS" that puts them beside the node's GC log or JFR recording.
#
# Usage: QENEX_USER=admin QENEX_PASSWORD=... QENEX_WALLET=alice QENEX_WALLET_PASSPHRASE=... \
#        bench/chain-load.sh [--cacert FILE | -k] [RATE] [SECONDS] [SENDERS]
# An https QENEX_URL trusts exactly the PEM certificate of --cacert (QENEX_CACERT; by default the
# node's own, ${KARAF_HOME:-karaf-distribution/target/assembly}/data/qenex/tls/node-cert.pem), or
# nothing is checked with -k (QENEX_INSECURE=1), as with curl.
# The wallet needs about SENDERS * 0.01 QXC plus fees (earn them first: a candidate of its own, see docs/chain.md).
# Uses BouncyCastle for signing when it finds bcprov (KARAF_HOME/system or ~/.m2), else the JDK's
# slower Ed25519 (pre-signing 60,000 then takes about a minute).
set -euo pipefail

while (( $# > 0 )); do
  case "$1" in
    --cacert) QENEX_CACERT="$2"; shift 2 ;;
    -k|--insecure) QENEX_INSECURE=1; shift ;;
    *) break ;;
  esac
done
export QENEX_URL="${QENEX_URL:-https://127.0.0.1:8332}"
export QENEX_INSECURE="${QENEX_INSECURE:-}"
if [[ "$QENEX_URL" == https:* && "$QENEX_INSECURE" != 1 ]]; then
  QENEX_CACERT="${QENEX_CACERT:-${KARAF_HOME:-karaf-distribution/target/assembly}/data/qenex/tls/node-cert.pem}"
  [[ -f "$QENEX_CACERT" ]] || { echo "no node certificate at $QENEX_CACERT (set QENEX_CACERT or KARAF_HOME, or -k)" >&2; exit 2; }
fi
export QENEX_CACERT="${QENEX_CACERT:-}"
RATE="${1:-1000}"
SECONDS_TO_RUN="${2:-60}"
SENDERS="${3:-100}"
if [[ -z "${QENEX_NODE_PID:-}" ]]; then
  port="${QENEX_URL##*:}"; port="${port%%/*}"
  QENEX_NODE_PID="$(ss -ltnpH "( sport = :$port )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
fi
export QENEX_NODE_PID="${QENEX_NODE_PID:-}" QENEX_CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
: "${QENEX_USER:?set QENEX_USER (a user with the operator role)}"
: "${QENEX_PASSWORD:?set QENEX_PASSWORD}"
: "${QENEX_WALLET:?set QENEX_WALLET (a funded node wallet)}"
: "${QENEX_WALLET_PASSPHRASE:?set QENEX_WALLET_PASSPHRASE}"
if (( RATE < 1 || RATE > 5000 || SECONDS_TO_RUN < 1 || SECONDS_TO_RUN > 600 || SENDERS < 1 || SENDERS > 1000 )); then
  echo "RATE 1..5000, SECONDS 1..600, SENDERS 1..1000" >&2
  exit 2
fi

BC_JAR=""
for candidate in "${KARAF_HOME:-/nonexistent}"/system/org/bouncycastle/bcprov-jdk18on/*/bcprov-jdk18on-*.jar \
                 "$HOME"/.m2/repository/org/bouncycastle/bcprov-jdk18on/*/bcprov-jdk18on-*.jar; do
  [[ -f "$candidate" ]] && BC_JAR="$candidate"
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/ChainLoad.java" <<'JAVA'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.*;
import javax.net.ssl.*;

/** The load generator of chain-load.sh: only the JDK (and BouncyCastle's JCA provider if given). */
public class ChainLoad {
    static final String NODE = System.getenv("QENEX_URL").replaceAll("/+$", "");
    static final String B32 = "abcdefghijklmnopqrstuvwxyz234567";
    static HttpClient http = client();
    static String auth;
    static String provider;

    public static void main(String[] a) throws Exception {
        int rate = Integer.parseInt(a[0]), seconds = Integer.parseInt(a[1]), senders = Integer.parseInt(a[2]);
        auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv("QENEX_USER") + ":" + System.getenv("QENEX_PASSWORD")).getBytes(StandardCharsets.UTF_8));
        try {
            Security.addProvider((Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider").getConstructor().newInstance());
            provider = "BC";
        } catch (ClassNotFoundException e) {
            provider = null;
        }
        System.out.println("signing with " + (provider == null ? "the JDK (slow)" : "BouncyCastle"));
        String params = get("/api/v1/chain/parameters");
        String chainId = str(params, "chainId");
        long minFee = num(params, "minFee");
        long interval = num(params, "blockIntervalMillis");
        int total = rate * seconds;

        KeyPair funder = newKey();
        KeyPair[] keys = new KeyPair[senders];
        for (int i = 0; i < senders; i++) keys[i] = newKey();
        long perSender = (long) (total / senders + 1) * (1 + minFee);
        long need = senders * (perSender + minFee);
        System.out.printf("funding %d senders with %d units each from wallet %s%n", senders, perSender, System.getenv("QENEX_WALLET"));
        String body = "{\"passphrase\":" + json(System.getenv("QENEX_WALLET_PASSPHRASE")) + ",\"to\":\"" + address(pub(funder))
                + "\",\"amount\":" + need + "}";
        HttpResponse<String> funded = http.send(HttpRequest.newBuilder(URI.create(NODE + "/api/v1/wallets/" + System.getenv("QENEX_WALLET") + "/transfers"))
                .header("Authorization", auth).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (funded.statusCode() != 202) throw new IllegalStateException("funding refused: " + funded.body());
        waitForBalance(address(pub(funder)), need, interval);
        for (int i = 0; i < senders; i++) {
            HttpResponse<String> r = submit(transfer(chainId, funder, id(pub(keys[i])), perSender, minFee, i));
            if (r.statusCode() != 202) throw new IllegalStateException("fan-out refused: " + r.body());
        }
        waitForBalance(address(pub(keys[senders - 1])), perSender, interval);

        System.out.printf("pre-signing %d transfers%n", total);
        byte[][] txs = new byte[total][];
        java.util.stream.IntStream.range(0, total).parallel().forEach(n -> {
            try { txs[n] = transfer(chainId, keys[n % senders], id(pub(keys[(n + 1) % senders])), 1, minFee, n / senders); }
            catch (Exception e) { throw new RuntimeException(e); }
        });

        long startHeight = num(get("/api/v1/chain/head"), "height");
        System.out.println("improver before: " + improver());
        long judgedBefore = judged();
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        Map<String, Long> confirmedAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>(), warmLatencies = new ConcurrentLinkedQueue<>();
        // The first WARMUP seconds (default 10) are sent and checked like the rest, but their latency is
        // reported apart: the generator's and the node's JIT and the connection set-up settle then.
        long warmupNanos = Long.parseLong(System.getenv().getOrDefault("WARMUP", "10")) * 1_000_000_000L;
        Map<String, AtomicInteger> refusals = new ConcurrentSkipListMap<>();
        AtomicInteger inFlight = new AtomicInteger(), skipped = new AtomicInteger(), notSent = new AtomicInteger(), retried = new AtomicInteger(),
                batches = new AtomicInteger();
        // a sender one of whose transfers the cap skipped: its later nonces can only be refused, so they are not sent
        boolean[] stalled = new boolean[senders];
        AtomicLong maxPending = new AtomicLong();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> poll(startHeight, confirmedAt, maxPending, polling), "poller");
        poller.setDaemon(true);
        poller.start();

        // One thread and one kept-alive TLS connection per sender, blocking I/O: the JDK's asynchronous
        // HttpClient cost the generator about 2 ms of CPU per transfer (as much as the node spent serving
        // it), CPU taken from the node it measures on a shared machine. The set-up above still uses it.
        // BATCH > 1: the senders share BATCH_CONNECTIONS connections ("lanes"; sender s always on lane
        // s mod lanes, so its transfers still go out in nonce order), and each lane sends what came due
        // within LINGER_MS of its first transfer, at most BATCH, as one POST .../transactions/batch, as an
        // exchange's hot wallet would; a transfer's latency then counts from when it came due, linger included.
        int batch = Integer.parseInt(System.getenv().getOrDefault("BATCH", "1"));
        int lanes = batch > 1 ? Math.min(senders, Integer.parseInt(System.getenv().getOrDefault("BATCH_CONNECTIONS", "2"))) : senders;
        long lingerNanos = Long.parseLong(System.getenv().getOrDefault("LINGER_MS", "100")) * 1_000_000L;
        Wire[] wires = new Wire[lanes];
        for (int i = 0; i < lanes; i++) wires[i] = new Wire(URI.create(NODE));
        warmUp(wires);
        System.out.printf("sending %d transfers at %d/s%s%n", total, rate, batch > 1
                ? String.format(" in batches of at most %d over %d connections, %d ms linger", batch, lanes, lingerNanos / 1_000_000) : "");
        // A sender's transfers go out in nonce order, each once the node answered the one before (a
        // wallet that sent them in parallel would see later nonces refused as skipped); senders
        // run side by side, so the node sees the full rate. The loop below hands each transfer to its
        // sender's thread when due; "in flight" counts those handed over and not yet answered.
        String loadBefore = loadAverage();
        long[] cpuStart = cpuTicks();
        long ownCpuStart = ownCpuNanos();
        long t0 = System.nanoTime(), hardStop = t0 + (seconds + 5) * 1_000_000_000L;
        long t0Wall = System.currentTimeMillis();
        // QENEX_LOAD_TRACE=file: one line per submit, "ms since start" and "latency in us", to see when the slow ones happen;
        // its first line "# start <epoch ms>" puts them beside the node's GC log, JFR recording or karaf.log
        ConcurrentLinkedQueue<String> trace = System.getenv("QENEX_LOAD_TRACE") == null ? null : new ConcurrentLinkedQueue<>();
        List<BlockingQueue<Integer>> due = new ArrayList<>();
        Thread[] senderThreads = new Thread[lanes];
        for (int i = 0; i < lanes; i++) {
            BlockingQueue<Integer> mine = new LinkedBlockingQueue<>();
            due.add(mine);
            Wire wire = wires[i];
            if (batch > 1) {
                senderThreads[i] = new Thread(() -> {
                    try {
                        List<Integer> taken = new ArrayList<>(batch);
                        for (int first = mine.take(); first >= 0; first = mine.take()) {
                            taken.clear();
                            taken.add(first);
                            long lingerUntil = System.nanoTime() + lingerNanos;
                            boolean end = false;
                            while (taken.size() < batch) {
                                Integer next = mine.poll(Math.max(0, lingerUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
                                if (next == null) break;
                                if (next < 0) { end = true; break; }
                                taken.add(next);
                            }
                            StringBuilder json = new StringBuilder(taken.size() * 320).append("{\"transactions\":[");
                            for (int k = 0; k < taken.size(); k++) json.append(k == 0 ? "\"" : ",\"").append(HexFormat.of().formatHex(txs[taken.get(k)])).append('"');
                            byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
                            long sent = System.nanoTime();
                            Wire.Answer r = null;
                            Exception e = null;
                            try {
                                r = wire.send("POST", "/api/v1/chain/transactions/batch", null, bytes, "application/json");
                                for (int retry = 0; r.status() == 429 && retry < 5; retry++) {
                                    retried.addAndGet(taken.size());
                                    Thread.sleep(1_000);
                                    r = wire.send("POST", "/api/v1/chain/transactions/batch", null, bytes, "application/json");
                                }
                            } catch (InterruptedException x) {
                                throw x;
                            } catch (Exception x) {
                                e = x;
                            }
                            long answered = System.nanoTime();
                            inFlight.addAndGet(-taken.size());
                            List<String[]> verdicts = e == null && r.status() == 200 ? batchVerdicts(r.body()) : null;
                            for (int k = 0; k < taken.size(); k++) {
                                int n = taken.get(k);
                                long dueAt = t0 + n * 1_000_000_000L / rate, took = answered - dueAt;
                                (dueAt - t0 < warmupNanos ? warmLatencies : latencies).add(took);
                                if (trace != null) trace.add((dueAt - t0) / 1_000_000 + " " + took / 1_000);
                                if (e != null) refusals.computeIfAbsent("io: " + e.getClass().getSimpleName(), x -> new AtomicInteger()).incrementAndGet();
                                else if (verdicts == null || verdicts.size() != taken.size()) refusals.computeIfAbsent(r.status() + " " + str(r.body(), "error"), x -> new AtomicInteger()).incrementAndGet();
                                else if (verdicts.get(k)[1] == null) submittedAt.put(verdicts.get(k)[0], System.currentTimeMillis());
                                else refusals.computeIfAbsent("batch " + verdicts.get(k)[1], x -> new AtomicInteger()).incrementAndGet();
                            }
                            batches.incrementAndGet();
                            if (end) break;
                        }
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                    }
                }, "lane-" + i);
                senderThreads[i].setDaemon(true);
                senderThreads[i].start();
                continue;
            }
            senderThreads[i] = new Thread(() -> {
                try {
                    for (int n = mine.take(); n >= 0; n = mine.take()) {
                        long sent = System.nanoTime();
                        Wire.Answer r = null;
                        Exception e = null;
                        try {
                            r = wire.send("POST", "/api/v1/chain/transactions", null, txs[n]);
                            // 429 is "not now", not a refusal of the transfer: a wallet waits as told and sends it
                            // again (the latency counts the wait); refused, every later nonce of the sender would be
                            // nonce_skipped. A burst that catches up after a stall can pass the per-client limit.
                            for (int retry = 0; r.status() == 429 && retry < 5; retry++) {
                                retried.incrementAndGet();
                                Thread.sleep(1_000);
                                r = wire.send("POST", "/api/v1/chain/transactions", null, txs[n]);
                            }
                        } catch (InterruptedException x) {
                            throw x;
                        } catch (Exception x) {
                            e = x;
                        }
                        long took = System.nanoTime() - sent;
                        inFlight.decrementAndGet();
                        (sent - t0 < warmupNanos ? warmLatencies : latencies).add(took);
                        if (trace != null) trace.add((sent - t0) / 1_000_000 + " " + took / 1_000);
                        if (e != null) refusals.computeIfAbsent("io: " + e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                        else if (r.status() == 202) submittedAt.put(str(r.body(), "id"), System.currentTimeMillis());
                        else refusals.computeIfAbsent(r.status() + " " + str(r.body(), "error"), k -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }, "sender-" + i);
            senderThreads[i].setDaemon(true);
            senderThreads[i].start();
        }
        for (int n = 0; n < total && System.nanoTime() < hardStop; n++) {
            long dueAt = t0 + n * 1_000_000_000L / rate;
            long wait = dueAt - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            int s = n % senders;
            if (stalled[s]) { notSent.incrementAndGet(); continue; }
            if (inFlight.get() >= 5_000) { skipped.incrementAndGet(); stalled[s] = true; continue; }
            inFlight.incrementAndGet();
            due.get(s % lanes).add(n);
        }
        for (BlockingQueue<Integer> q : due) q.add(-1);
        long joinBy = System.nanoTime() + 30_000_000_000L;
        for (Thread t : senderThreads) t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
        for (Wire w : wires) w.close();
        if (trace != null) {
            List<String> lines = new ArrayList<>(trace.size() + 1);
            lines.add("# start " + t0Wall + " (" + java.time.Instant.ofEpochMilli(t0Wall) + ")");
            lines.addAll(trace);
            java.nio.file.Files.write(java.nio.file.Path.of(System.getenv("QENEX_LOAD_TRACE")), lines);
        }
        long sendMillis = (System.nanoTime() - t0) / 1_000_000;
        long[] cpuEnd = cpuTicks();
        long ownCpu = ownCpuNanos() - ownCpuStart;
        String loadAfter = loadAverage();
        long deadline = System.currentTimeMillis() + 3 * interval + 10_000;
        while (System.currentTimeMillis() < deadline && !confirmedAt.keySet().containsAll(submittedAt.keySet())) Thread.sleep(500);
        polling.set(false);

        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long inTwo = 0, missing = 0, worst = 0;
        for (Map.Entry<String, Long> e : submittedAt.entrySet()) {
            Long c = confirmedAt.get(e.getKey());
            if (c == null) { missing++; continue; }
            long d = c - e.getValue();
            worst = Math.max(worst, d);
            if (d <= 2 * interval) inTwo++;
        }
        System.out.println("---- chain-load report ----");
        System.out.printf("sent %d in %d ms (%.0f/s), skipped (5000 in flight) %d, not sent (later transfers of a skipped sender) %d%n", lat.length + warmLatencies.size(), sendMillis, (lat.length + warmLatencies.size()) * 1000.0 / Math.max(1, sendMillis), skipped.get(), notSent.get());
        long[] all = java.util.stream.Stream.concat(latencies.stream(), warmLatencies.stream()).mapToLong(Long::longValue).sorted().toArray();
        if (batch > 1) System.out.printf("batches sent %d (%.1f transfers each); a transfer's latency counts from when it came due%n",
                batches.get(), (lat.length + warmLatencies.size()) / (double) Math.max(1, batches.get()));
        System.out.printf("submit latency ms after the %d s warm-up: p50 %.1f  p99 %.1f  max %.1f%n", warmupNanos / 1_000_000_000L,
                pct(lat, 50), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
        System.out.printf("submit latency ms of every request: p50 %.1f  p99 %.1f  max %.1f%n", pct(all, 50), pct(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("accepted %d of %d, refused %s, sent again after 429 rate_limited (Retry-After: 1) %d%n", submittedAt.size(), total,
                refusals, retried.get());
        System.out.printf("confirmed %d, within two intervals (%d ms) %d, not confirmed %d, slowest %d ms%n",
                submittedAt.size() - missing, 2 * interval, inTwo, missing, worst);
        System.out.printf("largest mempool seen %d%n", maxPending.get());
        long judgedAfter = judged();
        System.out.println("improver after: " + improver());
        System.out.printf("candidates judged from the start of sending to the end of confirmation: %s%n",
                judgedBefore < 0 || judgedAfter < 0 ? "unknown" : Long.toString(judgedAfter - judgedBefore));
        if (cpuStart != null && cpuEnd != null) {
            double tck = Double.parseDouble(System.getenv("QENEX_CLK_TCK")), secs = sendMillis / 1000.0;
            double service = (cpuEnd[0] - cpuStart[0]) / tck, background = Math.max(0, cpuEnd[1] - cpuStart[1]) / tck;
            System.out.printf("node CPU while sending (%.1f s): service (node JVM, pid %s) %.1f s = %.0f %% of one core; background (training workers) %.1f s = %.0f %% of one core%n",
                    secs, System.getenv("QENEX_NODE_PID"), service, 100 * service / secs, background, 100 * background / secs);
        } else {
            System.out.println("node CPU: unknown (set QENEX_NODE_PID when the node runs on this machine)");
        }
        System.out.printf("generator CPU while sending: %.1f s = %.0f %% of one core%n", ownCpu / 1e9, ownCpu / 1e7 / Math.max(1, sendMillis / 1000.0));
        System.out.printf("machine load average (1, 5, 15 min) before sending %s, after %s, on %d processors%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors());
        System.out.println(submittedAt.size() == total && missing == 0 && inTwo == submittedAt.size() && pct(lat, 99) < 100 ? "PASS" : "FAIL");
    }

    /**
     * Set-up, not measured: opens every sender's connection and its TLS session, at most 10 handshakes
     * at a time (the node's accept queue holds 50), then each connection makes WARMUP_ROUNDS (default 5)
     * authenticated reads (GET /api/v1/chain/parameters, answered from memory), all senders at once, so
     * the timed phase does not start with 100 TLS handshakes on a cold client. Reads, not refused
     * transactions: refusals count as malformed requests in the node's intrusion detection. A wallet
     * application keeps its connection open in the same way. WARMUP_ROUNDS=0 opens nothing ahead.
     */
    static void warmUp(Wire[] wires) throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("WARMUP_ROUNDS", "5"));
        if (rounds <= 0) {
            System.out.println("client warm-up: none (WARMUP_ROUNDS=0)");
            return;
        }
        long start = System.nanoTime();
        Map<String, AtomicInteger> answers = new ConcurrentSkipListMap<>();
        Semaphore handshakes = new Semaphore(10);
        Thread[] threads = new Thread[wires.length];
        for (int i = 0; i < wires.length; i++) {
            Wire wire = wires[i];
            threads[i] = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    String answer;
                    boolean first = r == 0;
                    try {
                        if (first) handshakes.acquire();
                        try {
                            answer = Integer.toString(wire.send("GET", "/api/v1/chain/parameters", auth, null).status());
                        } finally {
                            if (first) handshakes.release();
                        }
                    } catch (Exception e) {
                        answer = "io: " + e.getClass().getSimpleName();
                    }
                    answers.computeIfAbsent(answer, k -> new AtomicInteger()).incrementAndGet();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) t.join(60_000);
        System.out.printf("client warm-up (set-up, not measured or counted): %d connections opened (at most 10 handshakes at once),"
                + " %d authenticated reads on each, in %d ms; answers %s%n", wires.length, rounds,
                (System.nanoTime() - start) / 1_000_000, answers);
    }

    /**
     * One kept-alive HTTP/1.1 connection (TLS for https), used by one thread at a time: a request
     * written, its answer read (Content-Length or chunked). Reconnects for the next request after a
     * failure or a "Connection: close"; a request that failed is not sent again.
     */
    static final class Wire {
        record Answer(int status, String body) { }

        private final String host;
        private final int port;
        private final boolean tls;
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        Wire(URI node) {
            this.host = node.getHost();
            this.tls = "https".equals(node.getScheme());
            this.port = node.getPort() > 0 ? node.getPort() : tls ? 443 : 80;
        }

        Answer send(String method, String path, String authorization, byte[] body) throws Exception {
            return send(method, path, authorization, body, "application/octet-stream");
        }

        Answer send(String method, String path, String authorization, byte[] body, String contentType) throws Exception {
            if (socket == null) open();
            try {
                StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                        .append(host).append(':').append(port).append("\r\n");
                if (authorization != null) head.append("Authorization: ").append(authorization).append("\r\n");
                if (body != null) head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                if (body != null) out.write(body);
                out.flush();
                return read();
            } catch (Exception e) {
                close();
                throw e;
            }
        }

        private void open() throws Exception {
            java.net.Socket plain = new java.net.Socket();
            plain.setTcpNoDelay(true);
            plain.connect(new java.net.InetSocketAddress(host, port), 5_000);
            plain.setSoTimeout(10_000);
            if (tls) {
                SSLSocket ssl = (SSLSocket) sslContext().getSocketFactory().createSocket(plain, host, port, true);
                if (!"1".equals(System.getenv("QENEX_INSECURE"))) {
                    SSLParameters params = ssl.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(params);
                }
                ssl.startHandshake();
                socket = ssl;
            } else {
                socket = plain;
            }
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        private Answer read() throws Exception {
            String status = line();
            if (!status.startsWith("HTTP/1.")) throw new java.io.IOException("not an HTTP answer: " + status);
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = status.startsWith("HTTP/1.0");
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).trim(), value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
                else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.toLowerCase().contains("chunked");
                else if (name.equalsIgnoreCase("Connection")) close = value.equalsIgnoreCase("close");
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(256);
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) { } // trailers
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                body.write(in.readAllBytes());
                close = true;
            }
            if (close) close();
            return new Answer(code, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws java.io.IOException {
            StringBuilder s = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new java.io.EOFException("connection closed by the node");
                if (c != '\r') s.append((char) c);
            }
            return s.toString();
        }

        void close() {
            try { if (socket != null) socket.close(); } catch (java.io.IOException ignored) { }
            socket = null;
        }
    }

    private static SSLContext ssl;

    /** Trusts only QENEX_CACERT's certificate(s), or (QENEX_INSECURE) anything, as curl --cacert / -k; else the JDK's trust store. */
    static synchronized SSLContext sslContext() {
        if (ssl != null) return ssl;
        try {
            String cacert = System.getenv("QENEX_CACERT");
            if ("1".equals(System.getenv("QENEX_INSECURE"))) {
                TrustManager[] all = { new X509TrustManager() {
                    public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
                    public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
                    public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
                } };
                ssl = SSLContext.getInstance("TLS");
                ssl.init(null, all, new SecureRandom());
            } else if (cacert != null && !cacert.isEmpty()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(cacert))) {
                    int n = 0;
                    for (var cert : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) trust.setCertificateEntry("ca" + n++, cert);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                ssl = SSLContext.getInstance("TLS");
                ssl.init(null, tmf.getTrustManagers(), new SecureRandom());
            } else {
                ssl = SSLContext.getDefault();
            }
            return ssl;
        } catch (Exception e) {
            throw new IllegalStateException("TLS set-up: " + e, e);
        }
    }

    /** The set-up's client (funding, fan-out, reads, the poller); the timed phase uses {@link Wire}s. */
    static HttpClient client() {
        // HTTP/1.1 as the node speaks it (no h2 offer), and the responses handled on two threads
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, r -> { Thread t = new Thread(r, "client"); t.setDaemon(true); return t; }))
                .sslContext(sslContext());
        if ("1".equals(System.getenv("QENEX_INSECURE"))) {
            SSLParameters params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm("");
            b.sslParameters(params);
        }
        return b.build();
    }

    /** The improver's state and candidate counts, or why they are not known. */
    static String improver() {
        try {
            String s = get("/api/v1/ai/improver");
            return str(s, "status") + "; candidates accepted " + num(s, "accepted") + ", rejected " + num(s, "rejected")
                    + ", queued " + num(s, "queued") + ", being judged " + num(s, "training");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static long judged() {
        try {
            String s = get("/api/v1/ai/improver");
            return num(s, "accepted") + num(s, "rejected");
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU ticks of the node's JVM and of its child processes (training workers), from /proc; null where unknown. */
    static long[] cpuTicks() {
        String pid = System.getenv("QENEX_NODE_PID");
        if (pid == null || pid.isEmpty()) return null;
        try {
            long[] own = stat(pid);
            long children = own[2] + own[3]; // children that ended (reaped)
            for (java.nio.file.Path task : java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc", pid, "task"))) {
                for (String child : java.nio.file.Files.readString(task.resolve("children")).trim().split("\\s+")) {
                    if (child.isEmpty()) continue;
                    try { long[] c = stat(child); children += c[0] + c[1] + c[2] + c[3]; } catch (Exception gone) { }
                }
            }
            return new long[] { own[0] + own[1], children };
        } catch (Exception e) {
            return null;
        }
    }

    /** This JVM's CPU time (all threads), or 0 where the platform does not say. */
    static long ownCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** utime, stime, cutime, cstime of /proc/PID/stat (fields 14-17; the command name may hold spaces). */
    static long[] stat(String pid) throws Exception {
        String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] { Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]) };
    }

    static void poll(long from, Map<String, Long> confirmedAt, AtomicLong maxPending, AtomicBoolean polling) {
        long next = from + 1;
        Pattern ids = Pattern.compile("\"([0-9a-f]{64})\"");
        while (polling.get()) {
            try {
                String head = get("/api/v1/chain/head");
                maxPending.accumulateAndGet(num(head, "pending"), Math::max);
                for (long h = num(head, "height"); next <= h; next++) {
                    String block = get("/api/v1/chain/blocks/" + next);
                    int at = block.indexOf("\"transactions\":[");
                    Matcher m = ids.matcher(block.substring(at, block.indexOf(']', at)));
                    long now = System.currentTimeMillis();
                    while (m.find()) confirmedAt.put(m.group(1), now);
                }
                Thread.sleep(250);
            } catch (Exception e) {
                if (e instanceof InterruptedException) return;
            }
        }
    }

    static void waitForBalance(String address, long atLeast, long interval) throws Exception {
        long deadline = System.currentTimeMillis() + 4 * interval + 20_000;
        while (num(get("/api/v1/chain/accounts/" + address), "balance") < atLeast) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("not confirmed in time: " + address + " (does the node produce blocks? qenex:mine status says validator or follower)");
            Thread.sleep(500);
        }
    }

    static KeyPair newKey() throws Exception {
        return (provider == null ? KeyPairGenerator.getInstance("Ed25519") : KeyPairGenerator.getInstance("Ed25519", provider)).generateKeyPair();
    }

    static byte[] pub(KeyPair k) {
        byte[] x509 = k.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    static byte[] id(byte[] pub) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("QXAD".getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(sha.digest(pub), 20);
    }

    static String address(byte[] pub) throws Exception {
        byte[] id = id(pub);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("qx1".getBytes(StandardCharsets.US_ASCII));
        byte[] raw = ByteBuffer.allocate(24).put(id).put(Arrays.copyOf(sha.digest(id), 4)).array();
        StringBuilder s = new StringBuilder("qx1");
        int buf = 0, bits = 0;
        for (byte b : raw) { buf = (buf << 8) | (b & 0xFF); bits += 8; while (bits >= 5) { s.append(B32.charAt((buf >>> (bits - 5)) & 31)); bits -= 5; } }
        if (bits > 0) s.append(B32.charAt((buf << (5 - bits)) & 31));
        return s.toString();
    }

    /** docs/chain-format.md: "QXTX" | 1 | 1 | chain id | sender key | nonce | fee | recipient id | amount | signature. */
    static byte[] transfer(String chainId, KeyPair from, byte[] toId, long amount, long fee, long nonce) throws Exception {
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 3 + chain.length + 32 + 16 + 20 + 8);
        b.put("QXTX".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).put((byte) chain.length).put(chain)
                .put(pub(from)).putLong(nonce).putLong(fee).put(toId).putLong(amount);
        Signature s = provider == null ? Signature.getInstance("Ed25519") : Signature.getInstance("Ed25519", provider);
        s.initSign(from.getPrivate());
        s.update(b.array());
        return ByteBuffer.allocate(b.capacity() + 64).put(b.array()).put(s.sign()).array();
    }

    static HttpRequest post(byte[] tx) {
        return HttpRequest.newBuilder(URI.create(NODE + "/api/v1/chain/transactions")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(tx)).build();
    }

    static HttpResponse<String> submit(byte[] tx) throws Exception {
        return http.send(post(tx), HttpResponse.BodyHandlers.ofString());
    }

    static String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(NODE + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** A batch answer's verdicts in order: {id, null} admitted, {id, error code} refused. */
    static List<String[]> batchVerdicts(String json) {
        List<String[]> verdicts = new ArrayList<>();
        int at = json.indexOf("\"results\"");
        for (int i = json.indexOf("{", at); at >= 0 && i >= 0; i = json.indexOf("{", i + 1)) {
            int end = json.indexOf("}", i);
            String item = json.substring(i, end + 1);
            verdicts.add(new String[] {str(item, "id"), item.contains("\"error\"") ? str(item, "error") : null});
            i = end;
        }
        return verdicts;
    }

    static String str(String json, String field) {
        // compiled once per field: this runs for every response, on the generator's own CPU budget
        Matcher m = PATTERNS.computeIfAbsent("s:" + field, k -> Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"")).matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    static long num(String json, String field) {
        Matcher m = PATTERNS.computeIfAbsent("n:" + field, k -> Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)")).matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + field + " in " + json);
        return Long.parseLong(m.group(1));
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
JAVA
java -Xmx1g -XX:+UseSerialGC ${BC_JAR:+-cp "$BC_JAR"} "$WORK/ChainLoad.java" "$RATE" "$SECONDS_TO_RUN" "$SENDERS"
