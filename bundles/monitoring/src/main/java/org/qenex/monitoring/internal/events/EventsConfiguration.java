package org.qenex.monitoring.internal.events;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.qenex.monitoring.events.cfg}: the live event stream at {@code /api/v1/events}. */
@ObjectClassDefinition(name = "QENEX live events",
        description = "The server-sent event stream at /api/v1/events: replay buffer, per-client limits, keepalive.")
public @interface EventsConfiguration {

    @AttributeDefinition(name = "Replay buffer (events)",
            description = "How many of the newest events the node keeps, so that a client reconnecting with "
                    + "Last-Event-ID gets what it missed. An older id is answered with a reset event. "
                    + "About 300 bytes each.", min = "16")
    int bufferEvents() default 10_000;

    @AttributeDefinition(name = "Client queue (events)",
            description = "How far behind the newest event one client may fall (events not yet written to it) "
                    + "before it is dropped; at most the replay buffer. Must hold a full block's transactions.",
            min = "16")
    int clientQueueEvents() default 8_192;

    @AttributeDefinition(name = "Keepalive (seconds)",
            description = "A comment line goes to each client that has been sent nothing for this long, so "
                    + "proxies and the server's idle timeout keep the connection.", min = "1")
    int keepaliveSeconds() default 15;

    @AttributeDefinition(name = "Most clients",
            description = "Connected streams beyond this are refused with 503 busy.", min = "1")
    int maxClients() default 256;
}
