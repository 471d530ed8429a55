package org.qenex.ai.internal.version;

import java.util.Objects;

/**
 * One task of a model version.
 *
 * @param name the task's name
 * @param version the task's version
 * @param dataHash hex SHA-256 of the task's data
 * @param baselinePipeline canonical JSON of the parent version's pipeline for the task
 * @param pipeline canonical JSON of this version's pipeline for the task
 * @param modelHash hex SHA-256 of the trained model's bytes
 * @param baselinePpm the parent's held-out accuracy, parts per million
 * @param scorePpm this version's held-out accuracy, parts per million
 */
public record VersionTask(String name, String version, String dataHash, String baselinePipeline, String pipeline,
        String modelHash, long baselinePpm, long scorePpm) {

    public VersionTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(dataHash, "dataHash");
        Objects.requireNonNull(baselinePipeline, "baselinePipeline");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(modelHash, "modelHash");
    }
}
