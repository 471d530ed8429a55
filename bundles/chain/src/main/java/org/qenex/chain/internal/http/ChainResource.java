package org.qenex.chain.internal.http;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.TransactionLocation;

/**
 * {@code GET /api/v1/chain/head} (with the mempool size), {@code parameters} (the genesis parameters),
 * {@code blocks/{height|hash}[?transactions=full]}, {@code transactions/{id}}, {@code accounts/{address}} and
 * {@code accounts/{address}/proof};
 * role viewer. Submitting is {@link TransactionSubmitResource}.
 */
@Component(name = "org.qenex.chain.http.query", service = ApiResource.class)
public final class ChainResource implements ApiResource {

    private final Ledger ledger;

    @Activate
    public ChainResource(@Reference Ledger ledger) {
        this.ledger = ledger;
    }

    @Route(method = "GET", path = "/v1/chain/head", role = ApiContext.ROLE_VIEWER,
            summary = "The head block, pending transactions, coins minted and the model tip")
    public Map<String, Object> head() {
        Block head = ledger.head();
        Map<String, Object> body = ChainJson.block(head, head.height(), ledger.parameters().finalityDepth(), false);
        body.put("pending", ledger.mempoolSize());
        body.put("minted", ledger.minted());
        body.put("mintedQxc", Qxc.format(ledger.minted()));
        body.put("modelTip", ledger.modelTip());
        return body;
    }

    @Route(method = "GET", path = "/v1/chain/parameters", role = ApiContext.ROLE_VIEWER, summary = "The genesis parameters")
    public Object parameters() {
        return GenesisFile.toJson(ledger.parameters());
    }

    @Route(method = "GET", path = "/v1/chain/blocks/{key}", role = ApiContext.ROLE_VIEWER,
            summary = "A block by height or hash; ?transactions=full for whole transactions")
    public Map<String, Object> block(ApiRequest request) {
        String key = request.pathParameter("key");
        Optional<Block> block = key.matches("\\d{1,18}") ? ledger.blockAt(Long.parseLong(key))
                : key.matches("[0-9a-f]{64}") ? ledger.block(HexFormat.of().parseHex(key)) : Optional.empty();
        if (block.isEmpty()) {
            throw ApiException.notFound("unknown_block", "no block " + key);
        }
        return ChainJson.block(block.get(), ledger.head().height(), ledger.parameters().finalityDepth(),
                "full".equals(request.query("transactions")));
    }

    @Route(method = "GET", path = "/v1/chain/transactions/{id}", role = ApiContext.ROLE_VIEWER,
            summary = "A transaction: confirmed (where), pending, or 404")
    public Map<String, Object> transaction(ApiRequest request) {
        String key = request.pathParameter("id");
        if (!key.matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("bad_request", "a transaction id is 64 hex digits");
        }
        byte[] id = HexFormat.of().parseHex(key);
        Optional<TransactionLocation> at = ledger.transaction(id);
        if (at.isPresent()) {
            return ChainJson.confirmed(at.get(), ledger.parameters().finalityDepth());
        }
        if (ledger.isPending(id)) {
            return Map.of("id", key, "status", "pending");
        }
        throw ApiException.notFound("unknown_transaction", "no transaction " + key);
    }

    @Route(method = "GET", path = "/v1/chain/accounts/{address}", role = ApiContext.ROLE_VIEWER,
            summary = "An account's balance, nonces, parent and children")
    public Map<String, Object> account(ApiRequest request) {
        String address = request.pathParameter("address");
        if (!Address.isValid(address)) {
            throw ApiException.badRequest("bad_address", "not a valid address (wrong length, characters or checksum)");
        }
        return ChainJson.account(ledger.account(Address.parse(address)));
    }

    // balances are behind the viewer role, so their proofs are too: the public reads give none
    @Route(method = "GET", path = "/v1/chain/accounts/{address}/proof", role = ApiContext.ROLE_VIEWER,
            summary = "An account's sparse Merkle proof against the head's state commitment (docs/chain-format.md)")
    public Map<String, Object> proof(ApiRequest request) {
        String address = request.pathParameter("address");
        if (!Address.isValid(address)) {
            throw ApiException.badRequest("bad_address", "not a valid address (wrong length, characters or checksum)");
        }
        return ChainJson.proof(ledger.accountProof(Address.parse(address)));
    }

    @Override
    public ApiException error(Exception failure) {
        return ChainErrors.of(failure);
    }
}
