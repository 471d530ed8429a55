package org.qenex.security.internal.intrusion;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.qenex.security.internal.OwnerOnlyFiles;

/**
 * The active address blocks on disk, so that a restart (or a kill) of the node does not lift
 * them. One line per change, appended as it happens, so recording a block costs one small write
 * however many addresses are blocked; the file is rewritten with only the active blocks when it is
 * loaded and when the detector stops.
 *
 * <pre>
 * B	&lt;until, epoch millis&gt;	&lt;address&gt;	&lt;reason&gt;
 * U	&lt;address&gt;
 * </pre>
 *
 * A line the node was killed in the middle of writing, or any line it cannot read, is skipped.
 */
final class BlocklistJournal {

    private final Path file;
    private OutputStream out;
    private int linesSinceCompaction;

    BlocklistJournal(Path file) {
        this.file = file;
    }

    /**
     * The blocks still active at {@code now}, except for addresses in {@code neverBlock} (the
     * configuration may have changed since); rewrites the file with exactly those and opens it for
     * appending.
     */
    synchronized List<AddressBlocklist.Block> load(long now, Set<String> neverBlock) throws IOException {
        Map<String, AddressBlocklist.Block> blocks = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] cells = line.split("\t", 4);
                try {
                    if (cells.length == 4 && cells[0].equals("B")) {
                        AddressBlocklist.Block block = new AddressBlocklist.Block(cells[2], Long.parseLong(cells[1]), cells[3]);
                        blocks.merge(block.address(), block, (old, fresh) -> fresh.until() > old.until() ? fresh : old);
                    } else if (cells.length == 2 && cells[0].equals("U")) {
                        blocks.remove(cells[1]);
                    }
                } catch (NumberFormatException torn) {
                    // a line cut short by a kill: the blocks before it stand
                }
            }
        }
        List<AddressBlocklist.Block> active = new ArrayList<>();
        for (AddressBlocklist.Block block : blocks.values()) {
            if (block.until() > now && !neverBlock.contains(block.address())) {
                active.add(block);
            }
        }
        compact(active);
        return active;
    }

    /** Appends a block (or the extension of one). */
    synchronized void blocked(AddressBlocklist.Block block) throws IOException {
        append("B\t" + block.until() + "\t" + block.address() + "\t" + oneLine(block.reason()) + "\n");
    }

    /** Appends the lifting of a block. */
    synchronized void unblocked(String address) throws IOException {
        append("U\t" + address + "\n");
    }

    /** Lines appended since the file was last rewritten. */
    synchronized int linesSinceCompaction() {
        return linesSinceCompaction;
    }

    /**
     * Replaces the file, owner-only and atomically, by exactly the blocks {@code active} answers
     * (asked under this journal's lock, so a block appended meanwhile is in the answer or after it).
     */
    synchronized void compact(Supplier<List<AddressBlocklist.Block>> active) throws IOException {
        compact(active.get());
    }

    private void compact(List<AddressBlocklist.Block> active) throws IOException {
        closeOutput();
        StringBuilder text = new StringBuilder();
        for (AddressBlocklist.Block block : active) {
            text.append("B\t").append(block.until()).append('\t').append(block.address()).append('\t')
                    .append(oneLine(block.reason())).append('\n');
        }
        OwnerOnlyFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        linesSinceCompaction = 0;
    }

    synchronized void close() throws IOException {
        closeOutput();
    }

    private void append(String line) throws IOException {
        if (out == null) {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                OwnerOnlyFiles.createOwnerOnly(file);
            }
            out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        }
        // Unbuffered: the line is in the operating system's hands before the caller goes on, so a
        // killed JVM keeps it.
        out.write(line.getBytes(StandardCharsets.UTF_8));
        linesSinceCompaction++;
    }

    private void closeOutput() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\t\\r\\n]", " ");
    }
}
