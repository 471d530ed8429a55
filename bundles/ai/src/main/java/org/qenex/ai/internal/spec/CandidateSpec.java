package org.qenex.ai.internal.spec;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A candidate: one pipeline per task it changes, by task name. Tasks it does not name keep the
 * current version's pipeline.
 */
public record CandidateSpec(Map<String, PipelineSpec> pipelines) {

    public CandidateSpec {
        pipelines = Collections.unmodifiableMap(new TreeMap<>(pipelines));
    }

    /** This candidate's pipelines on top of {@code base}: the full specification it would make. */
    public CandidateSpec over(CandidateSpec base) {
        Map<String, PipelineSpec> merged = new TreeMap<>(base.pipelines);
        merged.putAll(pipelines);
        return new CandidateSpec(merged);
    }

    public PipelineSpec pipelineFor(String task) {
        return pipelines.getOrDefault(task, PipelineSpec.BASELINE);
    }
}
