package org.qenex.storage.internal.index;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.qenex.api.storage.Compression;

/**
 * What the index holds as of a checkpoint: the journal position applied, and per namespace its
 * compression and exact figures (used both for statistics and to verify the index at open).
 *
 * @param sequence the last journal record applied
 * @param time that record's commit time
 * @param namespaces per namespace
 */
public record IndexState(long sequence, long time, List<NamespaceFigures> namespaces) {

    /** One namespace's figures. */
    public record NamespaceFigures(String name, Compression compression, long entries, long keyBytes,
            long valueBytes, long storedBytes) {
    }

    public IndexState {
        namespaces = List.copyOf(namespaces);
    }

    public static IndexState empty() {
        return new IndexState(0, 0, List.of());
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(1);
            out.writeLong(sequence);
            out.writeLong(time);
            out.writeInt(namespaces.size());
            for (NamespaceFigures n : namespaces) {
                out.writeUTF(n.name());
                out.writeByte(n.compression().ordinal());
                out.writeLong(n.entries());
                out.writeLong(n.keyBytes());
                out.writeLong(n.valueBytes());
                out.writeLong(n.storedBytes());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IndexState decode(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != 1) {
                throw new IllegalArgumentException("unknown index state version");
            }
            long sequence = in.readLong();
            long time = in.readLong();
            int count = in.readInt();
            List<NamespaceFigures> namespaces = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                namespaces.add(new NamespaceFigures(in.readUTF(), Compression.values()[in.readUnsignedByte()],
                        in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            }
            return new IndexState(sequence, time, namespaces);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("damaged index state", e);
        }
    }
}
