package org.qenex.chain.internal.http;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.wallet.NodeWallets;
import org.qenex.chain.internal.wallet.WalletInfo;
import org.qenex.chain.internal.wallet.WrongPassphraseException;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The node's wallets, role operator: {@code GET /api/v1/wallets} (list with balances),
 * {@code POST /api/v1/wallets} {@code {"name","passphrase"}} (create),
 * {@code POST /api/v1/wallets/{name}/transfers} {@code {"passphrase","to","amount"[,"fee"]}}
 * (amounts in base units), {@code POST /api/v1/wallets/{name}/parent}
 * {@code {"passphrase","parent","parentPassphrase"[,"fee"]}}. Private keys never leave the node.
 */
@Component(name = "org.qenex.chain.http.wallets", service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.chain.wallets",
        "osgi.http.whiteboard.servlet.pattern=/v1/wallets/*",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class WalletServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient NodeWallets wallets;
    private final transient Ledger ledger;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public WalletServlet(@Reference NodeWallets wallets, @Reference Ledger ledger) {
        this.wallets = wallets;
        this.ledger = ledger;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!ApiErrors.requireRole(req, resp, ApiContext.ROLE_OPERATOR)) {
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] parts = path.split("/");
        try {
            if ("GET".equals(req.getMethod()) && parts.length <= 1) {
                List<Map<String, Object>> all = wallets.list().stream().map(this::describe).toList();
                write(resp, 200, Map.of("wallets", all));
            } else if ("POST".equals(req.getMethod()) && parts.length <= 1) {
                NewWallet body = RequestBodies.json(req, NewWallet.class);
                char[] pass = RequestBodies.required(body.passphrase(), "passphrase").toCharArray();
                try {
                    write(resp, 201, describe(wallets.create(RequestBodies.required(body.name(), "name"), pass)));
                } finally {
                    Arrays.fill(pass, '\0');
                }
            } else if ("POST".equals(req.getMethod()) && parts.length == 3 && parts[2].equals("transfers")) {
                Transfer body = RequestBodies.json(req, Transfer.class);
                char[] pass = RequestBodies.required(body.passphrase(), "passphrase").toCharArray();
                try {
                    byte[] id = wallets.send(parts[1], pass, Address.parse(RequestBodies.required(body.to(), "to")),
                            RequestBodies.required(body.amount(), "amount"), fee(body.fee()));
                    write(resp, 202, Map.of("id", HexFormat.of().formatHex(id), "status", "pending"));
                } finally {
                    Arrays.fill(pass, '\0');
                }
            } else if ("POST".equals(req.getMethod()) && parts.length == 3 && parts[2].equals("parent")) {
                NewParent body = RequestBodies.json(req, NewParent.class);
                char[] pass = RequestBodies.required(body.passphrase(), "passphrase").toCharArray();
                char[] parentPass = RequestBodies.required(body.parentPassphrase(), "parentPassphrase").toCharArray();
                try {
                    byte[] id = wallets.setParent(parts[1], pass, RequestBodies.required(body.parent(), "parent"), parentPass,
                            fee(body.fee()));
                    write(resp, 202, Map.of("id", HexFormat.of().formatHex(id), "status", "pending"));
                } finally {
                    Arrays.fill(pass, '\0');
                    Arrays.fill(parentPass, '\0');
                }
            } else {
                ApiErrors.send(req, resp, HttpServletResponse.SC_NOT_FOUND, "not_found",
                        "use GET or POST /v1/wallets, POST /v1/wallets/{name}/transfers or /v1/wallets/{name}/parent");
            }
        } catch (RequestBodies.BadBody e) {
            ApiErrors.send(req, resp, e.status, e.code, e.getMessage());
        } catch (ChainException e) {
            ApiErrors.refused(req, resp, e);
        } catch (WrongPassphraseException e) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_FORBIDDEN, "wrong_passphrase", e.getMessage());
        } catch (FileAlreadyExistsException e) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_CONFLICT, "wallet_exists", e.getMessage());
        } catch (IllegalArgumentException e) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_BAD_REQUEST, "bad_request", e.getMessage());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Map<String, Object> describe(WalletInfo w) {
        long balance = ledger.account(Address.parse(w.address())).balance();
        return Map.of("name", w.name(), "address", w.address(), "publicKey", w.publicKey(), "balance", balance,
                "balanceQxc", Qxc.format(balance));
    }

    /** {@code POST /v1/wallets}. */
    record NewWallet(String name, String passphrase) {
    }

    /** {@code POST /v1/wallets/{name}/transfers}: amount and fee in base units. */
    record Transfer(String passphrase, String to, Long amount, Long fee) {
    }

    /** {@code POST /v1/wallets/{name}/parent}. */
    record NewParent(String passphrase, String parent, String parentPassphrase, Long fee) {
    }

    private long fee(Long given) {
        return given != null ? given : ledger.parameters().minFee();
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        JsonReplies.write(resp, mapper, status, body);
    }
}
