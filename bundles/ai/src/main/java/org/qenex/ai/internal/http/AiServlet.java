package org.qenex.ai.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.api.http.ApiContext;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/ai/*}: tasks, versions, candidates and leaderboards. Reading needs the role
 * viewer; submitting a candidate needs operator, since it spends the node's CPU and can lead to a
 * reward. No answer ever holds a candidate's held-out score.
 *
 * <p>A candidate carries its contributor's signature (docs/ai.md, "Submitting a candidate"): either
 * signed outside ({@code contributor}, {@code parent}, {@code candidate} text, {@code publicKey},
 * {@code signature}) or by a node wallet the request names with its passphrase ({@code wallet},
 * {@code passphrase}, {@code pipelines}), through the chain's {@link ContributorKeys}.
 */
@Component(name = "org.qenex.ai.http", service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=org.qenex.ai.api",
        "osgi.http.whiteboard.servlet.pattern=/v1/ai/*",
        "osgi.http.whiteboard.context.select=" + ApiContext.SELECT })
public final class AiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;
    private static final List<String> SIGNED_FIELDS = List.of("contributor", "parent", "candidate", "publicKey", "signature");

    private final transient ModelNode node;
    private final transient TaskCatalog catalog;
    private final transient ObjectMapper mapper = new ObjectMapper();
    private final transient AiJson json = new AiJson(mapper);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ContributorKeys keys;

    @Activate
    public AiServlet(@Reference ModelNode node, @Reference TaskCatalog catalog) {
        this.node = node;
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.isUserInRole(ApiContext.ROLE_VIEWER)) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "the role " + ApiContext.ROLE_VIEWER + " is required");
            return;
        }
        String[] path = path(req);
        if (path.length == 1 && path[0].equals("tasks")) {
            write(resp, 200, json.tasks(catalog.services(), catalog.tasks()));
        } else if (path.length == 3 && path[0].equals("tasks") && path[2].equals("leaderboard")) {
            if (catalog.task(path[1]).isEmpty()) {
                notFound(req, resp, "unknown_task", "no task named " + path[1]);
                return;
            }
            write(resp, 200, json.leaderboard(path[1], node.model().leaderboard(path[1])));
        } else if (path.length == 1 && path[0].equals("versions")) {
            write(resp, 200, json.versions(node.model().versions()));
        } else if (path.length == 2 && path[0].equals("versions")) {
            var version = node.model().version(path[1]);
            if (version.isEmpty()) {
                notFound(req, resp, "unknown_version", "no version " + path[1]);
                return;
            }
            write(resp, 200, json.version(version.get()));
        } else if (path.length == 2 && path[0].equals("candidates")) {
            var candidate = node.model().candidate(path[1]);
            if (candidate.isEmpty()) {
                notFound(req, resp, "unknown_candidate", "no candidate " + path[1]);
                return;
            }
            write(resp, 200, json.candidate(candidate.get()));
        } else {
            notFound(req, resp, "not_found", "no such resource");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = path(req);
        if (path.length != 1 || !path[0].equals("candidates")) {
            resp.setHeader("Allow", "GET");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET is supported here");
            return;
        }
        if (!req.isUserInRole(ApiContext.ROLE_OPERATOR)) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "the role " + ApiContext.ROLE_OPERATOR + " is required");
            return;
        }
        Optional<byte[]> body;
        try {
            body = body(req);
        } catch (IOException | RuntimeException e) {
            // Jetty reports a cut or malformed (e.g. chunked) body as an exception from read
            req.setAttribute(ApiContext.ERROR_CODE, "unreadable_body");
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "the request body could not be read: it ended early or its encoding is malformed");
            return;
        }
        if (body.isEmpty()) {
            req.setAttribute(ApiContext.ERROR_CODE, "body_too_large");
            resp.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "a candidate is at most 64 KiB");
            return;
        }
        try {
            JsonNode root = mapper.readTree(body.get());
            if (root == null || !root.isObject()) {
                throw new SpecRejectedException(SpecRejectedException.MALFORMED, "expected a JSON object");
            }
            var record = node.submit(signed((ObjectNode) root), true);
            resp.setHeader("Location", req.getContextPath() + "/v1/ai/candidates/" + record.id());
            write(resp, HttpServletResponse.SC_ACCEPTED, json.candidate(record));
        } catch (SpecRejectedException e) {
            req.setAttribute(ApiContext.ERROR_CODE, e.code());
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (RateLimitedException e) {
            req.setAttribute(ApiContext.ERROR_CODE, "rate_limited");
            resp.setHeader("Retry-After", "600");
            resp.sendError(429, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            SpecRejectedException notJson = SpecJson.notJson(e);
            req.setAttribute(ApiContext.ERROR_CODE, notJson.code());
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, notJson.getMessage());
        } catch (SecurityException e) {
            req.setAttribute(ApiContext.ERROR_CODE, "wrong_passphrase");
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, e.getMessage());
        }
    }

    /** The body as a signed candidate: signed outside, or by the node wallet it names. */
    private SignedCandidate signed(ObjectNode root) {
        if (root.has("wallet")) {
            if (!root.path("wallet").isTextual() || !root.path("passphrase").isTextual() || !root.has("pipelines")
                    || root.size() != 3) {
                throw new SpecRejectedException(SpecRejectedException.MALFORMED,
                        "expected {\"wallet\": \"<node wallet>\", \"passphrase\": \"...\", \"pipelines\": {...}}");
            }
            ContributorKeys wallets = keys;
            if (wallets == null) {
                throw new SpecRejectedException(SpecRejectedException.UNSIGNED, "this node has no wallets to sign with");
            }
            ObjectNode spec = mapper.createObjectNode();
            spec.set("pipelines", root.get("pipelines"));
            String candidate = spec.toString();
            node.model().validate(candidate);
            String parent = node.model().latestHash();
            try {
                var signature = wallets.sign(root.get("wallet").asText(), root.get("passphrase").asText().toCharArray(),
                        parent, candidate);
                return new SignedCandidate(candidate, parent, signature);
            } catch (IllegalArgumentException e) {
                throw new SpecRejectedException(SpecRejectedException.MALFORMED, e.getMessage());
            }
        }
        for (String field : SIGNED_FIELDS) {
            if (!root.path(field).isTextual()) {
                throw new SpecRejectedException(root.has("pipelines") ? SpecRejectedException.UNSIGNED
                        : SpecRejectedException.MALFORMED, "a candidate is signed by its contributor: send "
                        + "{\"contributor\", \"parent\", \"candidate\", \"publicKey\", \"signature\"} (docs/chain-format.md,"
                        + " \"Contributor signature\"), or {\"wallet\", \"passphrase\", \"pipelines\"} for a node wallet");
            }
        }
        if (root.size() != SIGNED_FIELDS.size()) {
            throw new SpecRejectedException(SpecRejectedException.MALFORMED, "a signed candidate has exactly the fields "
                    + SIGNED_FIELDS);
        }
        return new SignedCandidate(root.get("candidate").asText(), root.get("parent").asText(),
                new ContributorSignature(root.get("contributor").asText(), root.get("publicKey").asText(),
                        root.get("signature").asText()));
    }

    private static String[] path(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return new String[0];
        }
        return info.substring(1).split("/");
    }

    private static Optional<byte[]> body(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            return Optional.empty();
        }
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? Optional.empty() : Optional.of(bytes);
        }
    }

    private static void notFound(HttpServletRequest req, HttpServletResponse resp, String code, String detail)
            throws IOException {
        req.setAttribute(ApiContext.ERROR_CODE, code);
        resp.sendError(HttpServletResponse.SC_NOT_FOUND, detail);
    }

    private void write(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }
}
