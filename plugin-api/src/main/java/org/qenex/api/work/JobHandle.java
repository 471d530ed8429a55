package org.qenex.api.work;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A job submitted to the {@link WorkScheduler}.
 *
 * @since 1.0.0
 */
@ProviderType
public interface JobHandle {

    /** The name given at submission. */
    String name();

    JobPriority priority();

    JobState state();

    /** How many times the job has run to completion or failure. */
    long runs();

    /** The error of the last failed run, if the last run failed. */
    Optional<String> lastError();

    /**
     * Cancels the job: it does not run again. A run in progress is interrupted.
     *
     * @return {@code true} if this call cancelled it, {@code false} if it had already ended
     */
    boolean cancel();
}
