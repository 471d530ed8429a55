package org.qenex.monitoring.internal.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.event.QenexTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the node's EventAdmin topics into the {@link EventHub} that {@code /api/v1/events} serves,
 * and runs the stream's two threads: the writer (every client's non-blocking writes) and the
 * keepalive timer. EventAdmin's thread only numbers and stores each event: it never writes to a client.
 * The keepalive timer runs only while a client is connected: an idle node without one does not wake
 * for it.
 *
 * <p>The {@code transaction} events are taken from their block's event ({@link QenexTopics#CONFIRMED})
 * and published right after it, in block order, as EventAdmin would have delivered them; the stream
 * does not subscribe to {@link QenexTopics#TRANSACTION}, so the chain posts no EventAdmin event per
 * transaction for it (the topics: {@link EventTypes#TOPICS}).
 */
@Component(service = { LiveEvents.class, EventHandler.class }, configurationPid = "org.qenex.monitoring.events",
        property = {
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.BLOCK,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.AI_VERSION,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.AI_CANDIDATE,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.INCIDENT,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.ALERT,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.PLUGIN,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.PEER })
@Designate(ocd = EventsConfiguration.class)
public final class LiveEvents implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> thread(r, "qenex-events-writer"));
    private final ScheduledThreadPoolExecutor timer;
    private final EventHub hub;
    // The keepalive task while clients are connected, else null. Guarded by this.
    private ScheduledFuture<?> keepalives;

    @Activate
    public LiveEvents(EventsConfiguration config) {
        this.timer = new ScheduledThreadPoolExecutor(1, r -> thread(r, "qenex-events-keepalive"));
        // A cancelled keepalive leaves the queue at once: the idle timer then holds nothing at all.
        timer.setRemoveOnCancelPolicy(true);
        this.hub = new EventHub(config.bufferEvents(), config.clientQueueEvents(),
                TimeUnit.SECONDS.toMillis(config.keepaliveSeconds()), config.maxClients(), System::currentTimeMillis,
                writer);
    }

    @Deactivate
    void deactivate() {
        synchronized (this) { // never between armKeepalive's check and its schedule
            timer.shutdownNow();
        }
        hub.closeAll();
        writer.shutdown();
    }

    @Override
    public void handleEvent(Event event) {
        String type = EventTypes.typeOf(event.getTopic());
        if (type == null) {
            return;
        }
        hub.publish(type, EventTypes.data(event));
        if (QenexTopics.BLOCK.equals(event.getTopic()) && event.getProperty(QenexTopics.CONFIRMED) instanceof List<?> confirmed) {
            String transaction = EventTypes.typeOf(QenexTopics.TRANSACTION);
            for (int i = 0; i < confirmed.size(); i++) {
                int index = i;
                // made and rendered when a client reads it (the chain's list makes each element when
                // asked): most streams follow blocks only
                hub.publish(transaction, () -> {
                    Map<?, ?> properties = confirmed.get(index) instanceof Map<?, ?> map ? map : Map.of();
                    return EventTypes.data(QenexTopics.TRANSACTION, properties::get);
                });
            }
        }
    }

    EventHub hub() {
        return hub;
    }

    /**
     * Connects a client to the hub ({@link EventHub#subscribe}) and makes sure the keepalive timer
     * runs while it is connected; null when the hub is full.
     */
    EventHub.Start subscribe(EventClient client, Long lastEventId) {
        EventHub.Start start = hub.subscribe(client, lastEventId);
        if (start != null) {
            armKeepalive();
        }
        return start;
    }

    /** Whether the keepalive timer is running (for tests). */
    synchronized boolean keepaliveArmed() {
        return keepalives != null;
    }

    private synchronized void armKeepalive() {
        if (keepalives == null && !timer.isShutdown()) {
            // Checked every second, so a client idle for the period gets its comment within a second of it.
            keepalives = timer.scheduleAtFixedRate(this::keepalive, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** The writer every client of this stream writes on. */
    ExecutorService writer() {
        return writer;
    }

    /** One keepalive round; the last client gone, the timer stops until the next one connects. */
    void keepalive() {
        try {
            hub.keepalive();
        } catch (RuntimeException e) {
            LOG.warn("Event stream keepalive failed", e);
        }
        synchronized (this) {
            // A client subscribes before it arms, so one that came meanwhile re-arms after this.
            if (hub.clientCount() == 0 && keepalives != null) {
                keepalives.cancel(false);
                keepalives = null;
            }
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
