package org.qenex.chain.internal.http;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.GenesisFile;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.ledger.Ledger;
import org.qenex.chain.internal.ledger.TransactionLocation;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/v1/chain/head} (with the mempool size), {@code parameters} (the genesis parameters), {@code blocks/{height|hash}[?transactions=full]},
 * {@code transactions/{id}}, {@code accounts/{address}}; role viewer. Submitting is
 * {@link TransactionSubmitServlet}.
 */
@Component(name = "org.qenex.chain.http.query", service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.chain.query",
        "osgi.http.whiteboard.servlet.pattern=/v1/chain/*",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class ChainServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Ledger ledger;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public ChainServlet(@Reference Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET is supported here; submit to /api/v1/chain/transactions");
            return;
        }
        if (!ApiErrors.requireRole(req, resp, ApiContext.ROLE_VIEWER)) {
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] parts = path.split("/");
        try {
            if (path.equals("/head")) {
                Block head = ledger.head();
                Map<String, Object> body = ChainJson.block(head, head.height(), ledger.parameters().finalityDepth(), false);
                body.put("pending", ledger.mempoolSize());
                body.put("minted", ledger.minted());
                body.put("mintedQxc", Qxc.format(ledger.minted()));
                body.put("modelTip", ledger.modelTip());
                write(resp, body);
            } else if (path.equals("/parameters")) {
                write(resp, GenesisFile.toJson(ledger.parameters()));
            } else if (parts.length == 3 && parts[1].equals("blocks")) {
                block(req, resp, parts[2]);
            } else if (parts.length == 3 && parts[1].equals("transactions")) {
                transaction(req, resp, parts[2]);
            } else if (parts.length == 3 && parts[1].equals("accounts")) {
                account(req, resp, parts[2]);
            } else {
                ApiErrors.send(req, resp, HttpServletResponse.SC_NOT_FOUND, "not_found",
                        "use head, parameters, blocks/{height|hash}, transactions/{id} or accounts/{address}");
            }
        } catch (IllegalArgumentException e) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_BAD_REQUEST, "bad_request", e.getMessage());
        }
    }

    private void block(HttpServletRequest req, HttpServletResponse resp, String key) throws IOException {
        Optional<Block> block = key.matches("\\d{1,18}") ? ledger.blockAt(Long.parseLong(key))
                : key.matches("[0-9a-f]{64}") ? ledger.block(HexFormat.of().parseHex(key)) : Optional.empty();
        if (block.isEmpty()) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_NOT_FOUND, "unknown_block", "no block " + key);
            return;
        }
        write(resp, ChainJson.block(block.get(), ledger.head().height(), ledger.parameters().finalityDepth(),
                "full".equals(req.getParameter("transactions"))));
    }

    private void transaction(HttpServletRequest req, HttpServletResponse resp, String key) throws IOException {
        if (!key.matches("[0-9a-f]{64}")) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_BAD_REQUEST, "bad_request", "a transaction id is 64 hex digits");
            return;
        }
        byte[] id = HexFormat.of().parseHex(key);
        Optional<TransactionLocation> at = ledger.transaction(id);
        if (at.isPresent()) {
            write(resp, ChainJson.confirmed(at.get(), ledger.parameters().finalityDepth()));
        } else if (ledger.isPending(id)) {
            write(resp, Map.of("id", key, "status", "pending"));
        } else {
            ApiErrors.send(req, resp, HttpServletResponse.SC_NOT_FOUND, "unknown_transaction", "no transaction " + key);
        }
    }

    private void account(HttpServletRequest req, HttpServletResponse resp, String address) throws IOException {
        if (!Address.isValid(address)) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_BAD_REQUEST, "bad_address",
                    "not a valid address (wrong length, characters or checksum)");
            return;
        }
        write(resp, ChainJson.account(ledger.account(Address.parse(address))));
    }

    private void write(HttpServletResponse resp, Object body) throws IOException {
        JsonReplies.write(resp, mapper, HttpServletResponse.SC_OK, body);
    }
}
