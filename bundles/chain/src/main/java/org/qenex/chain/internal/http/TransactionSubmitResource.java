package org.qenex.chain.internal.http;

import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/chain/transactions}: a transaction signed by the client. Public (its
 * signature is its authentication) and rate-limited per client address and in total. The body
 * is the transaction's bytes ({@code application/octet-stream}) or JSON {@code {"hex": "..."}}
 * or {@code {"base64": "..."}}. Answers 202 with the id once admitted to the mempool.
 *
 * <p>{@code POST /api/v1/chain/transactions/batch}: up to {@value #MAX_BATCH} of them in one request,
 * JSON {@code {"transactions": ["<hex>", ...]}}, each admitted as if submitted alone in that order;
 * answers 200 with the state's verdict per transaction once every admitted one is durable. One
 * malformed transaction (bytes, signature, chain, fee) refuses the whole batch with its 400, as it
 * would alone, and nothing is admitted. Each transaction counts against the rate limits. An exchange or a load generator pays the request's HTTP, TLS and store
 * wait once per batch instead of once per transaction (docs/chain.md, "REST").
 *
 * <p>Some seconds after it starts, it warms the submit path up once ({@link SubmitPathWarmup}, a
 * {@link JobPriority#LOW} job; the transactions submitted meanwhile count toward it, as real load
 * warms the same path), so the first load after a start does not meet a cold JIT.
 */
@Component(name = "org.qenex.chain.http.submit", service = ApiResource.class, configurationPid = "org.qenex.chain.rest")
@Designate(ocd = RestConfiguration.class)
public final class TransactionSubmitResource implements ApiResource {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionSubmitResource.class);

    /** Transactions per batch: at most this many. */
    static final int MAX_BATCH = 200;
    /**
     * The largest batch body, 64 KiB: the security gateway's limit on an anonymous upload
     * ({@code publicBodyKibibytes}, docs/security.md), which reads it into memory before this
     * route runs. {@value #MAX_BATCH} transfers of 157 bytes (314 in hex) fit.
     */
    static final int MAX_BATCH_BODY_BYTES = 64 * 1_024;

    private final Ledger ledger;
    private final ClientRateLimiter limiter;
    private final JobHandle warmup;
    /** Transactions submitted (alone or in a batch), whatever their outcome: they warm the path as the warm-up does. */
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicInteger warmedUp = new AtomicInteger();

    /** Without the warm-up (tests, and the crash harness's child JVM). */
    public TransactionSubmitResource(Ledger ledger, RestConfiguration config) {
        this.ledger = ledger;
        this.limiter = new ClientRateLimiter(config.submitsPerSecondPerClient(), config.submitsPerSecondTotal());
        this.warmup = null;
    }

    @Activate
    public TransactionSubmitResource(@Reference Ledger ledger, @Reference WorkScheduler scheduler, RestConfiguration config) {
        this.ledger = ledger;
        this.limiter = new ClientRateLimiter(config.submitsPerSecondPerClient(), config.submitsPerSecondTotal());
        this.warmup = config.warmupVerifications() <= 0 ? null : scheduleWarmup(scheduler, config);
    }

    private JobHandle scheduleWarmup(WorkScheduler scheduler, RestConfiguration config) {
        SubmitPathWarmup work = new SubmitPathWarmup(ledger.parameters(), config.warmupVerifications());
        AtomicBoolean ran = new AtomicBoolean();
        // a one-off: the scheduler's delayed jobs are periodic, so the job runs once and the period never comes
        return scheduler.schedule("chain-submit-warmup", JobPriority.LOW, Duration.ofSeconds(config.warmupDelaySeconds()),
                Duration.ofDays(3650), () -> {
                    if (ran.getAndSet(true)) {
                        return;
                    }
                    long started = System.nanoTime();
                    // Real submissions count toward it: under real load it ends within seconds. It does not
                    // stop on scheduler.serviceBusy(): that counts the JVM's CPU, which this job alone
                    // pushes over the threshold on two cores, so it stopped itself after about 200 ms.
                    int done = work.run(submissions::get);
                    warmedUp.set(done);
                    LOG.info("submit path warmed up: {} signed transfers decoded and verified in {} ms", done,
                            (System.nanoTime() - started) / 1_000_000);
                });
    }

    /** Verifications the warm-up ran (0 until it ran). */
    int warmedUp() {
        return warmedUp.get();
    }

    @Deactivate
    void deactivate() {
        if (warmup != null) {
            warmup.cancel();
        }
    }

    @Route(method = "POST", path = "/v1/chain/transactions", role = Route.PUBLIC,
            summary = "Submits a signed transaction (bytes, or JSON hex/base64); no login, rate-limited")
    public ApiResponse submit(ApiRequest request) throws ChainException {
        submissions.incrementAndGet();
        if (!limiter.tryAcquire(request.remoteAddress(), System.nanoTime())) {
            throw new ApiException(429, "rate_limited", "too many submissions; retry in a second").withHeader("Retry-After", "1");
        }
        byte[] id = ledger.submit(body(request));
        return ApiResponse.status(202).body(Map.of("id", HexFormat.of().formatHex(id), "status", "pending"));
    }

    @Route(method = "POST", path = "/v1/chain/transactions/batch", role = Route.PUBLIC, maxBodyBytes = MAX_BATCH_BODY_BYTES,
            summary = "Submits up to 200 signed transactions {transactions: [hex, ...]} in order; a verdict for each; no login, rate-limited")
    public Map<String, Object> submitBatch(ApiRequest request) throws ChainException {
        List<byte[]> encoded = batch(request);
        submissions.addAndGet(encoded.size());
        if (!limiter.tryAcquire(request.remoteAddress(), System.nanoTime(), encoded.size())) {
            throw new ApiException(429, "rate_limited", "too many submissions; retry in a second").withHeader("Retry-After", "1");
        }
        List<Submission> outcomes = ledger.submitAll(encoded);
        List<Map<String, Object>> results = new ArrayList<>(outcomes.size());
        int accepted = 0;
        for (Submission s : outcomes) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", HexFormat.of().formatHex(s.id()));
            if (s.admitted()) {
                result.put("status", "pending");
                accepted++;
            } else {
                result.put("error", s.refusal().code());
                result.put("detail", s.refusal().getMessage());
            }
            results.add(result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted);
        body.put("refused", outcomes.size() - accepted);
        body.put("results", results);
        return body;
    }

    @Override
    public ApiException error(Exception failure) {
        return ChainErrors.of(failure);
    }

    /** The JSON form of a submission: exactly one of the two. */
    public record EncodedTransaction(String hex, String base64) {
    }

    /** The JSON form of a batch. */
    public record EncodedBatch(List<String> transactions) {
    }

    private static List<byte[]> batch(ApiRequest request) {
        String type = request.contentType() == null ? "" : request.contentType();
        if (!type.startsWith("application/json")) {
            throw ApiException.badRequest("bad_encoding", "a batch is JSON {\"transactions\": [\"<hex>\", ...]}");
        }
        List<String> hex = request.body(EncodedBatch.class).transactions();
        if (hex == null || hex.isEmpty() || hex.size() > MAX_BATCH) {
            throw ApiException.badRequest("bad_batch", "\"transactions\" lists 1 to " + MAX_BATCH + " transactions in hex");
        }
        List<byte[]> encoded = new ArrayList<>(hex.size());
        for (int i = 0; i < hex.size(); i++) {
            try {
                encoded.add(HexFormat.of().parseHex(hex.get(i) == null ? "-" : hex.get(i)));
            } catch (IllegalArgumentException e) {
                // the whole batch is refused before anything is admitted: a client's encoding bug, not a verdict on one transfer
                throw ApiException.badRequest("bad_encoding", "transactions[" + i + "] must be hex digits, two per byte");
            }
        }
        return encoded;
    }

    private static byte[] body(ApiRequest request) {
        String type = request.contentType() == null ? "" : request.contentType();
        if (!type.startsWith("application/json")) {
            return request.body();
        }
        EncodedTransaction json = request.body(EncodedTransaction.class);
        if (json.hex() != null) {
            try {
                return HexFormat.of().parseHex(json.hex());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad_encoding", "\"hex\" must be hex digits, two per byte");
            }
        }
        if (json.base64() != null) {
            try {
                return Base64.getDecoder().decode(json.base64());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad_encoding", "\"base64\" must be RFC 4648 base64");
            }
        }
        throw ApiException.badRequest("bad_encoding", "JSON bodies carry the transaction as \"hex\" or \"base64\"");
    }
}
