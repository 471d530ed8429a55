package org.qenex.chain.internal.http;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.AccountSummary;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.TransactionLocation;

/**
 * What a wallet must read before and after it submits, without a login, as any public chain's node
 * serves it: {@code GET /api/v1/chain/info} (chain id, genesis, minimum fee, finality, head),
 * {@code /accounts/{address}/nonce} and {@code /transactions/{id}/status}. Reads only, each
 * rate-limited per client address; the full answers (balances, blocks, whole transactions) stay
 * with {@link ChainResource} behind the viewer role. Disabled until {@link PublicReadsSwitch}
 * enables it.
 */
@Component(name = PublicChainResource.NAME, service = ApiResource.class, enabled = false,
        configurationPid = PublicChainResource.PID)
public final class PublicChainResource implements ApiResource {

    static final String NAME = "org.qenex.chain.http.public";
    static final String PID = "org.qenex.chain.public";

    private final Ledger ledger;
    private final ClientRateLimiter limiter;

    @Activate
    public PublicChainResource(@Reference Ledger ledger, PublicReadsConfiguration config) {
        this.ledger = ledger;
        this.limiter = new ClientRateLimiter(config.readsPerSecondPerClient(), config.readsPerSecondTotal());
    }

    @Route(method = "GET", path = "/v1/chain/info", role = Route.PUBLIC,
            summary = "Chain id, genesis hash, minimum fee, finality and head; no login, rate-limited")
    public Map<String, Object> info(ApiRequest request) {
        admit(request);
        ChainParameters p = ledger.parameters();
        Block head = ledger.head();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chainId", p.chainId());
        m.put("genesisHash", ledger.blockAt(0).orElseThrow().hashHex());
        m.put("minFee", p.minFee());
        m.put("minFeeQxc", Qxc.format(p.minFee()));
        m.put("maxTransactionBytes", p.maxTransactionBytes());
        m.put("blockIntervalMillis", p.blockIntervalMillis());
        m.put("finalityDepth", p.finalityDepth());
        m.put("finalConfirmations", ChainJson.finalConfirmations(p.finalityDepth()));
        m.put("height", head.height());
        m.put("headHash", head.hashHex());
        return m;
    }

    @Route(method = "GET", path = "/v1/chain/accounts/{address}/nonce", role = Route.PUBLIC,
            summary = "The nonce an account's next transaction must carry, counting pending ones; no login, rate-limited")
    public Map<String, Object> nonce(ApiRequest request) {
        admit(request);
        String address = request.pathParameter("address");
        if (!Address.isValid(address)) {
            throw ApiException.badRequest("bad_address", "not a valid address (wrong length, characters or checksum)");
        }
        AccountSummary account = ledger.account(Address.parse(address));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        m.put("nonce", account.confirmedNonce());
        m.put("nextNonce", account.nonce());
        return m;
    }

    @Route(method = "GET", path = "/v1/chain/transactions/{id}/status", role = Route.PUBLIC,
            summary = "A transaction's status: pending, confirmed or final, with its confirmations; no login, rate-limited")
    public Map<String, Object> status(ApiRequest request) {
        admit(request);
        String key = request.pathParameter("id");
        if (!key.matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("bad_request", "a transaction id is 64 lower-case hex digits");
        }
        byte[] id = HexFormat.of().parseHex(key);
        Optional<TransactionLocation> at = ledger.transaction(id);
        if (at.isPresent()) {
            return ChainJson.status(at.get(), ledger.parameters().finalityDepth());
        }
        if (ledger.isPending(id)) {
            return Map.of("id", key, "status", "pending");
        }
        throw ApiException.notFound("unknown_transaction", "no transaction " + key);
    }

    @Override
    public ApiException error(Exception failure) {
        return ChainErrors.of(failure);
    }

    private void admit(ApiRequest request) {
        if (!limiter.tryAcquire(request.remoteAddress(), System.nanoTime())) {
            throw new ApiException(429, "rate_limited", "too many public reads from this address; retry in a second")
                    .withHeader("Retry-After", "1");
        }
    }
}
