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

    /**
     * A block joined the main chain (one event per block; a reorganisation posts one for each
     * block it connects). Properties: {@link #HEIGHT}, {@link #HASH}, {@link #TIME} (the block's
     * timestamp, epoch millis), {@link #TRANSACTIONS} (count), {@link #MINTED} (base units the
     * block minted).
     */
    public static final String BLOCK = "org/qenex/chain/block";

    public static final String HEIGHT = "height";
    public static final String HASH = "hash";
    public static final String TRANSACTIONS = "transactions";
    public static final String MINTED = "minted";

    private QenexTopics() {
    }
}
