package org.qenex.ai.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ChainCheck;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;

/**
 * {@code POST /api/v1/ai/versions/{hash}/verify}: re-checks one version of the model's chain of
 * versions from what the node stores, the way {@code qenex:ai verify} checks the whole chain.
 * Operator: it reads and hashes every model the version names. It does not re-score: the held-out
 * scores come from training on data the node keeps secret, which is the judge's work, not a check.
 */
@Component(service = ApiResource.class)
public final class VersionCheckResource implements ApiResource {

    /** What a check covers, in the order it checks. */
    static final List<String> CHECKS = List.of("record", "hash", "parent", "signature", "contributorSignature", "models");

    private final ModelNode node;

    @Activate
    public VersionCheckResource(@Reference ModelNode node) {
        this.node = node;
    }

    @Route(method = "POST", path = "/v1/ai/versions/{hash}/verify", role = ApiContext.ROLE_OPERATOR,
            summary = "Re-checks one model version: its record, hash, link to its parent, signatures and models")
    public Map<String, Object> verify(ApiRequest request) {
        String id = request.pathParameter("hash");
        ModelVersion version = node.model().versions().find(id)
                .orElseThrow(() -> ApiException.notFound("unknown_version", "no version " + id));
        ChainCheck check = node.model().versions().verify(id)
                .orElseThrow(() -> ApiException.notFound("unknown_version", "no version " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version.hash());
        body.put("sequence", version.sequence());
        body.put("parent", version.parentHash());
        body.put("intact", check.intact());
        body.put("problem", check.intact() ? null : check.problem());
        body.put("checked", CHECKS);
        body.put("rescored", false);
        return body;
    }
}
