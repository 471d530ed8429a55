package org.qenex.monitoring.internal.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.event.Event;
import org.qenex.api.event.QenexTopics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which EventAdmin topic becomes which stream event type, and which of its properties the event's
 * JSON carries (in this order; a property the publisher left out is {@code null}).
 */
final class EventTypes {

    /** Sent to a client whose {@code Last-Event-ID} is no longer (or not yet) in the buffer; never filtered out. */
    static final String RESET = "reset";

    private record Type(String name, List<String> properties) {
    }

    private static final Map<String, Type> BY_TOPIC = Map.of(
            QenexTopics.BLOCK, new Type("block", List.of(QenexTopics.HEIGHT, QenexTopics.HASH, QenexTopics.TIME,
                    QenexTopics.TRANSACTIONS, QenexTopics.MINTED, QenexTopics.IMPORT_NANOS)),
            QenexTopics.TRANSACTION, new Type("transaction", List.of(QenexTopics.ID, QenexTopics.HEIGHT,
                    QenexTopics.HASH, QenexTopics.FROM, QenexTopics.TO, QenexTopics.AMOUNT)),
            QenexTopics.AI_VERSION, new Type("ai.version", List.of(QenexTopics.VERSION, QenexTopics.ID)),
            QenexTopics.AI_CANDIDATE, new Type("ai.candidate", List.of(QenexTopics.ID, QenexTopics.STATE)),
            QenexTopics.INCIDENT, new Type("incident", List.of(QenexTopics.SEQUENCE, QenexTopics.TIME,
                    QenexTopics.PART, QenexTopics.SEVERITY, QenexTopics.CAUSE, QenexTopics.ACTION, QenexTopics.OUTCOME)),
            QenexTopics.ALERT, new Type("alert", List.of(QenexTopics.NAME, QenexTopics.STATE, QenexTopics.SEVERITY,
                    QenexTopics.CAUSE, QenexTopics.TIME)),
            QenexTopics.PLUGIN, new Type("plugin", List.of(QenexTopics.NAME, QenexTopics.VERSION, QenexTopics.STATE)),
            QenexTopics.PEER, new Type("peer", List.of(QenexTopics.ID, QenexTopics.NAME, QenexTopics.STATE,
                    QenexTopics.CAUSE)));

    /** Every type a client may ask for in {@code ?types=}. */
    static final Set<String> NAMES = BY_TOPIC.values().stream().map(Type::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * The topics the stream subscribes to: every type's but the transaction's, whose events come
     * with their block's ({@link QenexTopics#CONFIRMED}); subscribed, the chain would post one
     * EventAdmin event per confirmed transaction for this stream alone.
     */
    static final Set<String> TOPICS = BY_TOPIC.keySet().stream().filter(topic -> !QenexTopics.TRANSACTION.equals(topic))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventTypes() {
    }

    /** The stream type of {@code topic}, or null if the stream does not carry it. */
    static String typeOf(String topic) {
        Type type = BY_TOPIC.get(topic);
        return type == null ? null : type.name();
    }

    /** The event's data line: a one-line JSON object of the type's properties. */
    static String data(Event event) {
        return data(event.getTopic(), event::getProperty);
    }

    /** The data line of an event of {@code topic} whose properties {@code properties} gives. */
    static String data(String topic, Function<String, Object> properties) {
        Type type = BY_TOPIC.get(topic);
        if (type == null) {
            throw new IllegalArgumentException("not a stream topic: " + topic);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String property : type.properties()) {
            data.put(property, plain(properties.apply(property)));
        }
        return json(data);
    }

    static String json(Map<String, ?> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    // A publisher's property is a number, a string or a boolean; anything else is shown as text, not reflected on.
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        return String.valueOf(value);
    }
}
