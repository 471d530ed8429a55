package org.qenex.security.internal.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The audit log's line format: one JSON object per line, the keys always in this order:
 * {@code seq, time, actor, route, address, action, outcome, detail, prev}.
 *
 * <p>A record is never re-encoded to be verified: the chain hashes the bytes exactly as they were
 * written, so the encoding only has to be unambiguous, not canonical in the JSON sense.
 */
final class AuditCodec {

    static final String GENESIS = "0".repeat(64);

    private final ObjectMapper mapper = new ObjectMapper();

    String encode(long sequence, Instant time, AuditEntry entry, String previous) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"seq\":").append(sequence);
        field(line, "time", time.toString());
        field(line, "actor", entry.actor());
        field(line, "route", entry.route());
        field(line, "address", entry.address());
        field(line, "action", entry.action());
        field(line, "outcome", entry.outcome());
        field(line, "detail", entry.detail());
        field(line, "prev", previous);
        return line.append('}').toString();
    }

    /** Reads one line back; {@link IOException} when it is not a well-formed record. */
    AuditRecord decode(String line) throws IOException {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (IOException e) {
            throw new IOException("not JSON", e);
        }
        if (node == null || !node.isObject() || !node.path("seq").canConvertToLong()) {
            throw new IOException("not an audit record");
        }
        try {
            AuditEntry entry = new AuditEntry(text(node, "actor"), text(node, "route"), text(node, "address"),
                    text(node, "action"), text(node, "outcome"), text(node, "detail"));
            return new AuditRecord(node.get("seq").asLong(), Instant.parse(text(node, "time")), entry,
                    text(node, "prev"), line);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IOException("an audit record with a missing or malformed field", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":");
        quote(line, value);
    }

    /** JSON string escaping; every control character is escaped, so a record is always one line. */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
