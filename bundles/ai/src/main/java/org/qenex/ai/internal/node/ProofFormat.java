package org.qenex.ai.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a version into its {@link ImprovementProof} and back into the two specifications it
 * compares. A proof's {@code specification} is canonical JSON
 * {@code {"baseline":{"pipelines":{...}},"candidate":{"pipelines":{...}}}}: every task's pipeline
 * of the parent version and of the new one, which is all a verifier needs to retrain both.
 */
public final class ProofFormat {

    private final SpecJson json = new SpecJson();
    private final ObjectMapper mapper = new ObjectMapper();

    public ImprovementProof proofOf(ModelVersion version) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode baseline = root.putObject("baseline").putObject("pipelines");
        ObjectNode candidate = root.putObject("candidate").putObject("pipelines");
        List<TaskScore> scores = new ArrayList<>();
        for (VersionTask task : version.tasks()) {
            baseline.set(task.name(), read(task.baselinePipeline()));
            candidate.set(task.name(), read(task.pipeline()));
            scores.add(new TaskScore(task.name(), task.version(), task.dataHash(), task.baselinePpm(), task.scorePpm()));
        }
        return new ImprovementProof(version.hash(), version.parentHash(), root.toString(), scores,
                version.contributor(), version.acceptedAtMillis(), version.predictionFingerprint(), version.candidate(),
                version.contributorSignature().publicKey(), version.contributorSignature().signature());
    }

    /** @throws SpecRejectedException when the proof's specification is not the two specifications */
    public ProofSpecifications specifications(ImprovementProof proof) {
        JsonNode root;
        try {
            root = mapper.readTree(proof.specification());
        } catch (Exception e) {
            throw new SpecRejectedException(SpecRejectedException.MALFORMED, "the proof's specification is not JSON");
        }
        if (root == null || !root.isObject() || root.size() != 2 || !root.has("baseline") || !root.has("candidate")) {
            throw new SpecRejectedException(SpecRejectedException.MALFORMED,
                    "the proof's specification must hold exactly 'baseline' and 'candidate'");
        }
        return new ProofSpecifications(json.read(root.get("baseline")), json.read(root.get("candidate")));
    }

    /** The candidate the contributor signed, as carried by the proof. */
    public CandidateSpec signedCandidate(ImprovementProof proof) {
        return json.parse(proof.candidate());
    }

    public String canonical(PipelineSpec pipeline) {
        return json.canonical(pipeline);
    }

    static Map<String, PipelineSpec> sorted(Map<String, PipelineSpec> pipelines) {
        return new TreeMap<>(pipelines);
    }

    private JsonNode read(String pipelineJson) {
        try {
            return mapper.readTree(pipelineJson);
        } catch (Exception e) {
            throw new IllegalStateException("a version holds a pipeline that is not JSON", e);
        }
    }
}
