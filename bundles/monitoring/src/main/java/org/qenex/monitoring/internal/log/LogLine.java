package org.qenex.monitoring.internal.log;

/**
 * One log event as the ring keeps it.
 *
 * @param time epoch millis
 * @param level ERROR, WARN, INFO, DEBUG or TRACE
 * @param requestId the REST request it was logged for (the MDC's {@code requestId}), or null
 * @param bundle the logging bundle's symbolic name (pax-logging's MDC {@code bundle.name}), or null
 * @param thrown the first line of its exception, or null
 */
public record LogLine(long time, String level, String logger, String thread, String message, String requestId,
        String bundle, String thrown) {
}
