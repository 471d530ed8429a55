package org.qenex.storage.internal.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.qenex.api.storage.Compression;

/**
 * One committed batch: its position in the journal, its commit time and its operations.
 *
 * <p>On disk a record is a frame: payload length (4 bytes), CRC32C of the payload (4 bytes), then
 * the payload: sequence (8), commit time in epoch millis (8), operation count (4), operations.
 * All numbers are big-endian.
 *
 * @param sequence the record's position, 1 for the first record ever written
 * @param time commit time, epoch millis, never decreasing along the journal
 * @param ops the operations
 */
public record JournalRecord(long sequence, long time, List<Op> ops) {

    /** Frame header: length and checksum. */
    public static final int FRAME_HEADER = 8;

    /** The largest payload accepted; anything larger is treated as damage. */
    public static final int MAX_PAYLOAD = 80 * 1024 * 1024;

    /** The complete frame for this record, ready to append. */
    public byte[] toFrame() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimateSize());
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0);
            out.writeInt(0);
            out.writeLong(sequence);
            out.writeLong(time);
            out.writeInt(ops.size());
            for (Op op : ops) {
                out.writeByte(op.type().code);
                byte[] ns = op.namespace().getBytes(StandardCharsets.US_ASCII);
                out.writeByte(ns.length);
                out.write(ns);
                switch (op.type()) {
                    case DEFINE -> out.writeByte(op.compression().ordinal());
                    case PUT -> {
                        out.writeInt(op.key().length);
                        out.write(op.key());
                        out.writeInt(op.value().length);
                        out.write(op.value());
                    }
                    case DELETE -> {
                        out.writeInt(op.key().length);
                        out.write(op.key());
                    }
                    case DROP -> {
                        // the name is all a drop needs
                    }
                }
            }
            out.flush();
            byte[] frame = bytes.toByteArray();
            int payloadLength = frame.length - FRAME_HEADER;
            CRC32C crc = new CRC32C();
            crc.update(frame, FRAME_HEADER, payloadLength);
            ByteBuffer header = ByteBuffer.wrap(frame, 0, FRAME_HEADER).order(ByteOrder.BIG_ENDIAN);
            header.putInt(payloadLength);
            header.putInt((int) crc.getValue());
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int estimateSize() {
        int size = 32;
        for (Op op : ops) {
            size += 80 + (op.key() == null ? 0 : op.key().length) + (op.value() == null ? 0 : op.value().length);
        }
        return size;
    }

    /** Whether {@code payload} matches {@code expectedCrc}. */
    static boolean checksumMatches(byte[] payload, int expectedCrc) {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue() == expectedCrc;
    }

    /** Decodes a payload whose checksum has been checked. */
    public static JournalRecord decode(byte[] payload) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            long sequence = in.readLong();
            long time = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > payload.length) {
                throw new IllegalArgumentException("bad operation count " + count);
            }
            List<Op> ops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Op.Type type = Op.Type.of(in.readUnsignedByte());
                byte[] ns = new byte[in.readUnsignedByte()];
                in.readFully(ns);
                String namespace = new String(ns, StandardCharsets.US_ASCII);
                switch (type) {
                    case DEFINE -> ops.add(Op.define(namespace, Compression.values()[in.readUnsignedByte()]));
                    case PUT -> {
                        byte[] key = readBytes(in, payload.length);
                        byte[] value = readBytes(in, payload.length);
                        ops.add(Op.put(namespace, key, value));
                    }
                    case DELETE -> ops.add(Op.delete(namespace, readBytes(in, payload.length)));
                    case DROP -> ops.add(Op.drop(namespace));
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes in record " + sequence);
            }
            return new JournalRecord(sequence, time, List.copyOf(ops));
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed journal record", e);
        }
    }

    private static byte[] readBytes(DataInputStream in, int bound) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > bound) {
            throw new IOException("bad length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
