package org.qenex.api.event;

/**
 * EventAdmin topics and the event properties published on them.
 *
 * @since 1.0.0
 */
public final class QenexTopics {

    /** Every topic QENEX publishes on starts with this prefix. */
    public static final String PREFIX = "org/qenex/";

    /**
     * An incident was recorded. Properties: {@link #SEQUENCE}, {@link #TIME} (epoch millis),
     * {@link #PART}, {@link #SEVERITY}, {@link #CAUSE}, {@link #ACTION}, {@link #OUTCOME}.
     */
    public static final String INCIDENT = "org/qenex/kernel/incident";

    public static final String SEQUENCE = "sequence";
    public static final String TIME = "time";
    public static final String PART = "part";
    public static final String SEVERITY = "severity";
    public static final String CAUSE = "cause";
    public static final String ACTION = "action";
    public static final String OUTCOME = "outcome";

    private QenexTopics() {
    }
}
