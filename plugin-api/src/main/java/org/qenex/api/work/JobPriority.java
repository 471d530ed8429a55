package org.qenex.api.work;

/**
 * How urgent a job is. When fewer jobs may run than are waiting, higher priorities go first.
 *
 * @since 1.0.0
 */
public enum JobPriority {
    HIGH,
    NORMAL,
    LOW
}
