package org.qenex.chain.internal.http;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.http.ApiContext;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.ledger.Ledger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /api/v1/chain/transactions}: a transaction signed by the client. Public (its
 * signature is its authentication) and rate-limited per client address and in total. The body
 * is the transaction's bytes ({@code application/octet-stream}) or JSON {@code {"hex": "..."}}
 * or {@code {"base64": "..."}}. Answers 202 with the id once admitted to the mempool.
 */
@Component(name = "org.qenex.chain.http.submit", service = Servlet.class, configurationPid = "org.qenex.chain.rest",
        property = {
                "osgi.http.whiteboard.servlet.name=org.qenex.chain.submit",
                "osgi.http.whiteboard.servlet.pattern=/v1/chain/transactions",
                ApiContext.PUBLIC_PATTERNS + "=/v1/chain/transactions",
                "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
@Designate(ocd = RestConfiguration.class)
public final class TransactionSubmitServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Ledger ledger;
    private final transient SubmitRateLimiter limiter;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public TransactionSubmitServlet(@Reference Ledger ledger, RestConfiguration config) {
        this.ledger = ledger;
        this.limiter = new SubmitRateLimiter(config.submitsPerSecondPerClient(), config.submitsPerSecondTotal());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "POST a signed transaction here");
            return;
        }
        if (!limiter.tryAcquire(req.getRemoteAddr(), System.nanoTime())) {
            resp.setHeader("Retry-After", "1");
            ApiErrors.send(req, resp, 429, "rate_limited", "too many submissions; retry in a second");
            return;
        }
        byte[] encoded;
        try {
            encoded = body(req);
        } catch (RequestBodies.BadBody e) {
            ApiErrors.send(req, resp, e.status, e.code, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            ApiErrors.send(req, resp, HttpServletResponse.SC_BAD_REQUEST, "bad_encoding", e.getMessage());
            return;
        }
        try {
            byte[] id = ledger.submit(encoded);
            JsonReplies.write(resp, mapper, HttpServletResponse.SC_ACCEPTED,
                    Map.of("id", HexFormat.of().formatHex(id), "status", "pending"));
        } catch (ChainException e) {
            ApiErrors.refused(req, resp, e);
        }
    }

    /** The JSON form of a submission: exactly one of the two. */
    record EncodedTransaction(String hex, String base64) {
    }

    private static byte[] body(HttpServletRequest req) throws RequestBodies.BadBody {
        byte[] raw = RequestBodies.read(req);
        String type = req.getContentType() == null ? "" : req.getContentType();
        if (!type.startsWith("application/json")) {
            return raw;
        }
        EncodedTransaction json = RequestBodies.json(raw, EncodedTransaction.class);
        if (json.hex() != null) {
            try {
                return HexFormat.of().parseHex(json.hex());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"hex\" must be hex digits, two per byte");
            }
        }
        if (json.base64() != null) {
            try {
                return Base64.getDecoder().decode(json.base64());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"base64\" must be RFC 4648 base64");
            }
        }
        throw new IllegalArgumentException("JSON bodies carry the transaction as \"hex\" or \"base64\"");
    }
}
