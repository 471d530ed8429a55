package org.qenex.chain.internal.http;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.wallet.NodeWallets;
import org.qenex.chain.internal.wallet.WalletInfo;

/**
 * The node's wallets, role operator: {@code GET /api/v1/wallets} (list with balances),
 * {@code POST /api/v1/wallets} {@code {"name","passphrase"}} (create),
 * {@code POST /api/v1/wallets/{name}/transfers} {@code {"passphrase","to","amount"[,"fee"]}}
 * (amounts in base units), {@code POST /api/v1/wallets/{name}/parent}
 * {@code {"passphrase","parent","parentPassphrase"[,"fee"]}}. Private keys never leave the node.
 */
@Component(name = "org.qenex.chain.http.wallets", service = ApiResource.class)
public final class WalletResource implements ApiResource {

    private final NodeWallets wallets;
    private final Ledger ledger;

    @Activate
    public WalletResource(@Reference NodeWallets wallets, @Reference Ledger ledger) {
        this.wallets = wallets;
        this.ledger = ledger;
    }

    @Route(method = "GET", path = "/v1/wallets", role = ApiContext.ROLE_OPERATOR, summary = "The node's wallets and balances")
    public Map<String, Object> list() throws Exception {
        List<Map<String, Object>> all = wallets.list().stream().map(this::describe).toList();
        return Map.of("wallets", all);
    }

    @Route(method = "POST", path = "/v1/wallets", role = ApiContext.ROLE_OPERATOR, summary = "Creates a wallet {name, passphrase}")
    public ApiResponse create(ApiRequest request) throws Exception {
        NewWallet body = request.body(NewWallet.class);
        char[] pass = ApiRequest.required(body.passphrase(), "passphrase").toCharArray();
        try {
            return ApiResponse.status(201).body(describe(wallets.create(ApiRequest.required(body.name(), "name"), pass)));
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    @Route(method = "POST", path = "/v1/wallets/{name}/transfers", role = ApiContext.ROLE_OPERATOR,
            summary = "Sends coins {passphrase, to, amount[, fee]} (base units)")
    public ApiResponse transfer(ApiRequest request) throws Exception {
        Transfer body = request.body(Transfer.class);
        char[] pass = ApiRequest.required(body.passphrase(), "passphrase").toCharArray();
        try {
            byte[] id = wallets.send(request.pathParameter("name"), pass,
                    Address.parse(ApiRequest.required(body.to(), "to")), ApiRequest.required(body.amount(), "amount"),
                    fee(body.fee()));
            return pending(id);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    @Route(method = "POST", path = "/v1/wallets/{name}/parent", role = ApiContext.ROLE_OPERATOR,
            summary = "Sets the wallet's parent {passphrase, parent, parentPassphrase[, fee]}")
    public ApiResponse parent(ApiRequest request) throws Exception {
        NewParent body = request.body(NewParent.class);
        char[] pass = ApiRequest.required(body.passphrase(), "passphrase").toCharArray();
        char[] parentPass = ApiRequest.required(body.parentPassphrase(), "parentPassphrase").toCharArray();
        try {
            byte[] id = wallets.setParent(request.pathParameter("name"), pass, ApiRequest.required(body.parent(), "parent"),
                    parentPass, fee(body.fee()));
            return pending(id);
        } finally {
            Arrays.fill(pass, '\0');
            Arrays.fill(parentPass, '\0');
        }
    }

    @Override
    public ApiException error(Exception failure) {
        return ChainErrors.of(failure);
    }

    private static ApiResponse pending(byte[] id) {
        return ApiResponse.status(202).body(Map.of("id", HexFormat.of().formatHex(id), "status", "pending"));
    }

    private Map<String, Object> describe(WalletInfo w) {
        long balance = ledger.account(Address.parse(w.address())).balance();
        return Map.of("name", w.name(), "address", w.address(), "publicKey", w.publicKey(), "balance", balance,
                "balanceQxc", Qxc.format(balance));
    }

    /** {@code POST /v1/wallets}. */
    public record NewWallet(String name, String passphrase) {
    }

    /** {@code POST /v1/wallets/{name}/transfers}: amount and fee in base units. */
    public record Transfer(String passphrase, String to, Long amount, Long fee) {
    }

    /** {@code POST /v1/wallets/{name}/parent}. */
    public record NewParent(String passphrase, String parent, String parentPassphrase, Long fee) {
    }

    private long fee(Long given) {
        return given != null ? given : ledger.parameters().minFee();
    }
}
