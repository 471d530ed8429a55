package org.qenex.ai.internal.http;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.candidate.SignedCandidate;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.node.Improver;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.api.improvement.ContributorKeys;
import org.qenex.api.improvement.ContributorSignature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/ai/*}: tasks, versions, candidates, leaderboards and the improver's state. Reading needs the role
 * viewer; submitting a candidate needs operator, since it spends the node's CPU and can lead to a
 * reward. No answer ever holds a candidate's held-out score.
 *
 * <p>A candidate carries its contributor's signature (docs/ai.md, "Submitting a candidate"): either
 * signed outside ({@code contributor}, {@code parent}, {@code candidate} text, {@code publicKey},
 * {@code signature}) or by a node wallet the request names with its passphrase ({@code wallet},
 * {@code passphrase}, {@code pipelines}), through the chain's {@link ContributorKeys}.
 */
@Component(name = "org.qenex.ai.http", service = ApiResource.class)
public final class AiResource implements ApiResource {

    /** A candidate is at most 64 KiB. */
    static final int MAX_CANDIDATE_BYTES = 64 * 1024;
    private static final List<String> SIGNED_FIELDS = List.of("contributor", "parent", "candidate", "publicKey", "signature");

    private final ModelNode node;
    private final TaskCatalog catalog;
    private final Improver improver;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AiJson json = new AiJson(mapper);
    private final WekaAllowList allowList = new WekaAllowList();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ContributorKeys keys;

    @Activate
    public AiResource(@Reference ModelNode node, @Reference TaskCatalog catalog, @Reference Improver improver) {
        this.node = node;
        this.catalog = catalog;
        this.improver = improver;
    }

    @Route(method = "GET", path = "/v1/ai/allow-list", role = ApiContext.ROLE_VIEWER,
            summary = "The learners, filters and options a candidate may use")
    public JsonNode allowList() {
        return json.allowList(allowList);
    }

    @Route(method = "GET", path = "/v1/ai/tasks", role = ApiContext.ROLE_VIEWER, summary = "The benchmark tasks")
    public JsonNode tasks() {
        return json.tasks(catalog.services(), catalog.tasks());
    }

    @Route(method = "GET", path = "/v1/ai/tasks/{task}/leaderboard", role = ApiContext.ROLE_VIEWER,
            summary = "A task's leaderboard")
    public JsonNode leaderboard(ApiRequest request) {
        String task = request.pathParameter("task");
        if (catalog.task(task).isEmpty()) {
            throw ApiException.notFound("unknown_task", "no task named " + task);
        }
        return json.leaderboard(task, node.model().leaderboards().history(task));
    }

    @Route(method = "GET", path = "/v1/ai/improver", role = ApiContext.ROLE_VIEWER,
            summary = "The improver's state and how many candidates were judged")
    public JsonNode improver() {
        // load tests report it beside their figures
        ObjectNode body = mapper.createObjectNode();
        body.put("status", improver.status());
        body.put("running", improver.running());
        node.model().candidates().counts().forEach((state, count) -> body.put(state.name().toLowerCase(Locale.ROOT), count));
        return body;
    }

    @Route(method = "GET", path = "/v1/ai/versions", role = ApiContext.ROLE_VIEWER, summary = "The model's versions")
    public JsonNode versions() {
        return json.versions(node.model().versions().all());
    }

    @Route(method = "GET", path = "/v1/ai/versions/{hash}", role = ApiContext.ROLE_VIEWER, summary = "One model version")
    public JsonNode version(ApiRequest request) {
        String hash = request.pathParameter("hash");
        return json.version(node.model().versions().find(hash)
                .orElseThrow(() -> ApiException.notFound("unknown_version", "no version " + hash)));
    }

    @Route(method = "GET", path = "/v1/ai/candidates/{id}", role = ApiContext.ROLE_VIEWER,
            summary = "A candidate's state (never its held-out score)")
    public JsonNode candidate(ApiRequest request) {
        String id = request.pathParameter("id");
        return json.candidate(node.model().candidates().get(id)
                .orElseThrow(() -> ApiException.notFound("unknown_candidate", "no candidate " + id)));
    }

    @Route(method = "POST", path = "/v1/ai/candidates", role = ApiContext.ROLE_OPERATOR, maxBodyBytes = MAX_CANDIDATE_BYTES,
            summary = "Submits a signed candidate, or one a node wallet signs; judged in the background")
    public ApiResponse submit(ApiRequest request) throws IOException {
        JsonNode root = mapper.readTree(request.body());
        if (root == null || !root.isObject()) {
            throw new SpecRejectedException(SpecRejectedException.MALFORMED, "expected a JSON object");
        }
        // Limited per authenticated user: the gateway logged the caller in, so the name is never empty here.
        var record = node.submit(Submitter.user(request.user()), signed((ObjectNode) root));
        return ApiResponse.status(202).header("Location", ApiContext.PATH + "/v1/ai/candidates/" + record.id())
                .body(json.candidate(record));
    }

    @Override
    public ApiException error(Exception failure) {
        if (failure instanceof SpecRejectedException e) {
            return ApiException.badRequest(e.code(), e.getMessage());
        }
        if (failure instanceof RateLimitedException) {
            return new ApiException(429, "rate_limited", failure.getMessage()).withHeader("Retry-After", "600");
        }
        if (failure instanceof JsonProcessingException e) {
            SpecRejectedException notJson = SpecJson.notJson(e);
            return ApiException.badRequest(notJson.code(), notJson.getMessage());
        }
        if (failure instanceof SecurityException) {
            return ApiException.forbidden("wrong_passphrase", failure.getMessage());
        }
        return null;
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
            node.model().specs().parse(candidate);
            String parent = node.model().versions().latestHash();
            try {
                var signature = wallets.sign(root.get("wallet").asText(), root.get("passphrase").asText().toCharArray(),
                        parent, candidate);
                return new SignedCandidate(candidate, parent, signature);
            } catch (IllegalArgumentException e) {
                throw new SpecRejectedException(SpecRejectedException.MALFORMED, e.getMessage());
            } catch (IllegalStateException e) {
                // ContributorKeys: the node cannot unlock a key now (too many unlocks at once)
                throw new ApiException(503, "busy", e.getMessage()).withHeader("Retry-After", "5");
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
}
