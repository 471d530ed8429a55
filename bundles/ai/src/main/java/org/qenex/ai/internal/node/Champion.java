package org.qenex.ai.internal.node;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.version.ModelVersion;

/** The cumulative model as it stands: the latest version (if any) and the champion of every current task. */
public record Champion(Optional<ModelVersion> version, Map<String, ChampionTask> tasks) {

    public Champion {
        tasks = Map.copyOf(new TreeMap<>(tasks));
    }

    public String hash() {
        return version.map(ModelVersion::hash).orElse(ModelVersion.GENESIS_PARENT);
    }

    public long sequence() {
        return version.map(ModelVersion::sequence).orElse(0L);
    }

    public CandidateSpec specification() {
        Map<String, PipelineSpec> pipelines = new TreeMap<>();
        tasks.forEach((name, task) -> pipelines.put(name, task.pipeline()));
        return new CandidateSpec(pipelines);
    }
}
