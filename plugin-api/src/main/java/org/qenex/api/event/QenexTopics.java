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
     * block minted), and since 1.2.0 {@link #IMPORT_NANOS} when the block was made or imported by
     * this node just now, since 1.3.0 {@link #CONFIRMED} (its transactions).
     */
    public static final String BLOCK = "org/qenex/chain/block";

    /**
     * On a {@link #BLOCK} event: the block's transactions, in block order, as an unmodifiable
     * {@code List<Map<String, Object>>}; each map has exactly the properties of that transaction's
     * {@link #TRANSACTION} event. Its elements are made when read, so a handler that ignores the
     * property costs nothing, and the list does not keep its block in memory (it reads the block
     * back from the chain when asked after the block was collected), so a handler may keep the
     * event: the web console's Events tab keeps the last 250.
     *
     * <p>Why: the chain posts the {@link #TRANSACTION} events only while an {@code EventHandler}
     * service subscribes to that topic by its name, {@code org/qenex/chain/*} or {@code org/qenex/*}
     * (catch-alls such as {@code *}, e.g. Karaf's {@code event:display}, do not count): at 1,000
     * transfers a second one EventAdmin event per transfer cost every node about a tenth of a core
     * for nobody. A handler that needs every confirmed transaction in step with its block (the
     * node's event stream) reads them here.
     *
     * @since 1.3.0
     */
    public static final String CONFIRMED = "confirmed";

    /**
     * On a {@link #BLOCK} event: nanoseconds from the chain taking the block (received from a peer,
     * or being assembled by this node's producer) to the block and its state changes being durable
     * in the store, validation included. Absent on blocks connected by a reorganisation after the
     * first and on blocks replayed at start.
     *
     * @since 1.2.0
     */
    public static final String IMPORT_NANOS = "importNanos";

    public static final String HEIGHT = "height";
    public static final String HASH = "hash";
    public static final String TRANSACTIONS = "transactions";
    public static final String MINTED = "minted";

    /**
     * A transaction was confirmed: its block joined the main chain (posted after that block's
     * {@link #BLOCK} event, and since 1.3.0 only while a handler subscribes to this topic, see
     * {@link #CONFIRMED}). Properties: {@link #ID} (hex transaction id), {@link #HEIGHT},
     * {@link #HASH} (hex hash of the block), {@link #FROM}, {@link #TO} (addresses),
     * {@link #AMOUNT} (base units).
     *
     * @since 1.1.0
     */
    public static final String TRANSACTION = "org/qenex/chain/transaction";

    /** @since 1.1.0 */
    public static final String ID = "id";
    /** @since 1.1.0 */
    public static final String FROM = "from";
    /** @since 1.1.0 */
    public static final String TO = "to";
    /** @since 1.1.0 */
    public static final String AMOUNT = "amount";

    /**
     * The cumulative model accepted a new version (found here or adopted from a block). Properties:
     * {@link #VERSION} (hex version hash), {@link #ID} (the proof id).
     *
     * @since 1.1.0
     */
    public static final String AI_VERSION = "org/qenex/ai/version";

    /** @since 1.1.0 */
    public static final String VERSION = "version";

    /**
     * A submitted candidate changed state. Properties: {@link #ID} (candidate id), {@link #STATE}
     * (the state's name as {@code GET /api/v1/ai/candidates/{id}} shows it).
     *
     * @since 1.1.0
     */
    public static final String AI_CANDIDATE = "org/qenex/ai/candidate";

    /** @since 1.1.0 */
    public static final String STATE = "state";

    /**
     * An alert rule started or stopped firing. Properties: {@link #NAME} (the rule),
     * {@link #STATE} ({@code firing} or {@code resolved}), {@link #SEVERITY}, {@link #CAUSE}
     * (a sentence with the observed value), {@link #TIME} (epoch millis).
     *
     * @since 1.1.0
     */
    public static final String ALERT = "org/qenex/monitoring/alert";

    /** @since 1.1.0 */
    public static final String NAME = "name";

    /**
     * A plugin bundle was installed, updated, started, stopped or removed. Properties:
     * {@link #NAME} (symbolic name), {@link #VERSION} (bundle version), {@link #STATE}
     * ({@code installed}, {@code updated}, {@code started}, {@code stopped} or {@code removed}).
     *
     * @since 1.1.0
     */
    public static final String PLUGIN = "org/qenex/kernel/plugin";

    /**
     * A peer connected, disconnected or was banned. Properties: {@link #ID} (the peer's network
     * key, hex), {@link #NAME} (its address, host:port), {@link #STATE} ({@code connected},
     * {@code disconnected} or {@code banned}), {@link #CAUSE} (why, for a disconnection or ban).
     *
     * @since 1.1.0
     */
    public static final String PEER = "org/qenex/network/peer";

    private QenexTopics() {
    }
}
