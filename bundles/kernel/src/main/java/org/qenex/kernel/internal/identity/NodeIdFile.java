package org.qenex.kernel.internal.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Random;

/** The file that holds the node id: read if present, else created once with a fresh random id. */
final class NodeIdFile {

    private final Path file;

    NodeIdFile(Path file) {
        this.file = file;
    }

    String loadOrCreate(Random random) throws IOException {
        if (Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            // An empty file is a create that crashed before its write reached the disk; anything else is kept,
            // so an operator can give a node an id of their own.
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        String id = "qx-" + HexFormat.of().formatHex(bytes);
        write(id);
        return id;
    }

    private void write(String id) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
