package org.qenex.api.work;

/**
 * Where a job is in its life.
 *
 * @since 1.0.0
 */
public enum JobState {
    /** Waiting for its time or for a free slot. */
    SCHEDULED,
    /** Running now. */
    RUNNING,
    /** A one-off job that finished without error. */
    COMPLETED,
    /** A one-off job that threw; periodic jobs keep their schedule after a failed run. */
    FAILED,
    /** Cancelled, by its owner or because its bundle stopped. */
    CANCELLED
}
