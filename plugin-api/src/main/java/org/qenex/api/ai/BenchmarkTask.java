package org.qenex.api.ai;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A benchmark task of the node's cumulative model, registered as an OSGi service: a bundle adds a
 * task by registering one, and can be hot-deployed. The AI subsystem trains every candidate on
 * {@link TaskData#training()} and accepts it only if it regresses no task and improves one.
 *
 * <p>A task's data must not change while its {@link #version()} stays the same, except through
 * its data hash: the node recomputes the hash from {@link #data()} and refuses a task whose
 * {@link #dataHash()} does not match. Tasks are identified by {@link #name()}; names look like
 * {@code domain.subject} (lower case, digits, {@code .}, {@code -}).
 *
 * <p>The held-out split is sealed by convention: only the evaluator reads it, and no interface
 * of the node serves its rows or a candidate's score on it.
 *
 * @since 1.0.0
 */
@ConsumerType
public interface BenchmarkTask {

    /** What the name of a task must match. */
    String NAME_PATTERN = "[a-z0-9][a-z0-9.-]{0,63}";

    /** The domain, for example {@code mathematics}, {@code language}, {@code code}. */
    String domain();

    /** The task's unique name, matching {@link #NAME_PATTERN}. */
    String name();

    /** The task's version; a new version is a new task for scoring purposes. */
    String version();

    /** One sentence on what is predicted from what. */
    String description();

    /** How predictions are scored. */
    Metric metric();

    /** The data; may be computed on first call, but returns equal data every time. */
    TaskData data();

    /** Hex SHA-256 of the canonical bytes of {@link #data()}: {@link TaskData#sha256()}. */
    String dataHash();
}
