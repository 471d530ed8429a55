package org.qenex.kernel.internal.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code quarantine.json}: the quarantined parts, so that a quarantine outlives a restart of the
 * kernel or of the node. Rewritten whole and atomically on every change; it is small.
 */
final class QuarantineStore {

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();

    QuarantineStore(Path file) {
        this.file = file;
    }

    /** Keyed by part name; empty if the file does not exist. */
    Map<String, QuarantineEntry> load() throws IOException {
        Map<String, QuarantineEntry> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        JsonNode root = mapper.readTree(file.toFile());
        for (JsonNode node : root.path("quarantined")) {
            String part = node.path("part").asText("");
            if (part.isEmpty()) {
                continue;
            }
            entries.put(part, new QuarantineEntry(part, node.path("reason").asText(""),
                    Instant.ofEpochMilli(node.path("since").asLong(0)),
                    node.path("bundle").asText(""),
                    node.hasNonNull("component") ? node.get("component").asText() : null,
                    node.path("critical").asBoolean(true))); // files written before 1.1 knew only critical parts
        }
        return entries;
    }

    void save(Collection<QuarantineEntry> entries) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("quarantined");
        for (QuarantineEntry entry : entries) {
            ObjectNode node = list.addObject();
            node.put("part", entry.part());
            node.put("reason", entry.reason());
            node.put("since", entry.since().toEpochMilli());
            node.put("bundle", entry.bundle());
            if (entry.component() == null) {
                node.putNull("component");
            } else {
                node.put("component", entry.component());
            }
            node.put("critical", entry.critical());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
