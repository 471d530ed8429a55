package org.qenex.monitoring.internal.events;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 */
@Component(service = { LiveEvents.class, EventHandler.class }, configurationPid = "org.qenex.monitoring.events",
        property = {
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.BLOCK,
                EventConstants.EVENT_TOPIC + "=" + QenexTopics.TRANSACTION,
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
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> thread(r, "qenex-events-keepalive"));
    private final EventHub hub;

    @Activate
    public LiveEvents(EventsConfiguration config) {
        this.hub = new EventHub(config.bufferEvents(), config.clientQueueEvents(),
                TimeUnit.SECONDS.toMillis(config.keepaliveSeconds()), config.maxClients(), System::currentTimeMillis,
                writer);
        // Checked every second, so a client idle for the period gets its comment within a second of it.
        timer.scheduleAtFixedRate(this::keepalive, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        hub.closeAll();
        writer.shutdown();
    }

    @Override
    public void handleEvent(Event event) {
        String type = EventTypes.typeOf(event.getTopic());
        if (type != null) {
            hub.publish(type, EventTypes.data(event));
        }
    }

    EventHub hub() {
        return hub;
    }

    /** The writer every client of this stream writes on. */
    ExecutorService writer() {
        return writer;
    }

    private void keepalive() {
        try {
            hub.keepalive();
        } catch (RuntimeException e) {
            LOG.warn("Event stream keepalive failed", e);
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
