package org.qenex.kernel.internal.incident;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns an incident into one JSON line and back; the line format is the file format, so keep it stable. */
final class IncidentCodec {

    private final ObjectMapper mapper = new ObjectMapper();

    String encode(Incident incident) {
        ObjectNode node = mapper.createObjectNode();
        node.put("seq", incident.sequence());
        node.put("time", incident.time().toString());
        node.put("part", incident.part());
        node.put("severity", incident.severity().name());
        node.put("cause", incident.cause());
        node.put("action", incident.action());
        node.put("outcome", incident.outcome());
        try {
            // A single line: Jackson escapes control characters, so a newline in a cause cannot split it.
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode incident " + incident.sequence(), e);
        }
    }

    /** @throws IOException if the line is not a complete incident (a torn write, a hand edit) */
    Incident decode(String line) throws IOException {
        JsonNode node = mapper.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        try {
            return new Incident(required(node, "seq").asLong(),
                    Instant.parse(required(node, "time").asText()),
                    required(node, "part").asText(),
                    HealthStatus.valueOf(required(node, "severity").asText()),
                    node.path("cause").asText(""),
                    node.path("action").asText("none"),
                    node.path("outcome").asText(""));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("malformed incident: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("missing field " + field);
        }
        return value;
    }
}
