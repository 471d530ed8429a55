package org.qenex.chain.internal.http;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Ledger;

/**
 * {@code POST /api/v1/chain/transactions}: a transaction signed by the client. Public (its
 * signature is its authentication) and rate-limited per client address and in total. The body
 * is the transaction's bytes ({@code application/octet-stream}) or JSON {@code {"hex": "..."}}
 * or {@code {"base64": "..."}}. Answers 202 with the id once admitted to the mempool.
 */
@Component(name = "org.qenex.chain.http.submit", service = ApiResource.class, configurationPid = "org.qenex.chain.rest")
@Designate(ocd = RestConfiguration.class)
public final class TransactionSubmitResource implements ApiResource {

    private final Ledger ledger;
    private final ClientRateLimiter limiter;

    @Activate
    public TransactionSubmitResource(@Reference Ledger ledger, RestConfiguration config) {
        this.ledger = ledger;
        this.limiter = new ClientRateLimiter(config.submitsPerSecondPerClient(), config.submitsPerSecondTotal());
    }

    @Route(method = "POST", path = "/v1/chain/transactions", role = Route.PUBLIC,
            summary = "Submits a signed transaction (bytes, or JSON hex/base64); no login, rate-limited")
    public ApiResponse submit(ApiRequest request) throws ChainException {
        if (!limiter.tryAcquire(request.remoteAddress(), System.nanoTime())) {
            throw new ApiException(429, "rate_limited", "too many submissions; retry in a second").withHeader("Retry-After", "1");
        }
        byte[] id = ledger.submit(body(request));
        return ApiResponse.status(202).body(Map.of("id", HexFormat.of().formatHex(id), "status", "pending"));
    }

    @Override
    public ApiException error(Exception failure) {
        return ChainErrors.of(failure);
    }

    /** The JSON form of a submission: exactly one of the two. */
    public record EncodedTransaction(String hex, String base64) {
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
