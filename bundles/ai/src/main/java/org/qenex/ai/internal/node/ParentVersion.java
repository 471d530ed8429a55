package org.qenex.ai.internal.node;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionTask;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.improvement.TaskScore;

/**
 * A version as a proof's baseline must match it: the pipeline and the recorded held-out score of
 * every task it covers. A task it does not cover has the majority-class baseline, as on the node
 * that accepted the proof.
 *
 * @param hash the version's hash
 * @param tasks by task name
 */
public record ParentVersion(String hash, Map<String, ParentTask> tasks) {

    private static final SpecJson JSON = new SpecJson();

    /**
     * One task of a version.
     *
     * @param pipeline canonical JSON of the version's pipeline for the task
     * @param taskVersion the task's version it was scored on
     * @param dataHash the task data it was scored on
     * @param scorePpm its held-out score there
     */
    public record ParentTask(String pipeline, String taskVersion, String dataHash, long scorePpm) {
    }

    public ParentVersion {
        tasks = Map.copyOf(new TreeMap<>(tasks));
    }

    /** The parent of the first version: every task at the majority-class baseline, nothing recorded. */
    public static ParentVersion genesis() {
        return new ParentVersion(ModelVersion.GENESIS_PARENT, Map.of());
    }

    public static ParentVersion of(ModelVersion version) {
        Map<String, ParentTask> tasks = new TreeMap<>();
        for (VersionTask task : version.tasks()) {
            tasks.put(task.name(), new ParentTask(task.pipeline(), task.version(), task.dataHash(), task.scorePpm()));
        }
        return new ParentVersion(version.hash(), tasks);
    }

    /** The version a verified proof established: its candidate pipelines and scores. */
    public static ParentVersion of(ImprovementProof verified, CandidateSpec candidate) {
        Map<String, ParentTask> tasks = new TreeMap<>();
        for (TaskScore score : verified.scores()) {
            tasks.put(score.task(), new ParentTask(JSON.canonical(candidate.pipelineFor(score.task())),
                    score.taskVersion(), score.dataHash(), score.candidatePpm()));
        }
        return new ParentVersion(verified.versionHash(), tasks);
    }

    /** Canonical JSON of this version's pipeline for {@code task}. */
    public String pipeline(String task) {
        ParentTask held = tasks.get(task);
        return held != null ? held.pipeline() : JSON.canonical(PipelineSpec.BASELINE);
    }

    /** The score this version recorded for the task, if it was scored on exactly the data {@code score} names. */
    public Optional<Long> recordedScore(TaskScore score) {
        ParentTask held = tasks.get(score.task());
        return held != null && held.taskVersion().equals(score.taskVersion()) && held.dataHash().equals(score.dataHash())
                ? Optional.of(held.scorePpm())
                : Optional.empty();
    }
}
