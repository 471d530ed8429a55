package org.qenex.storage.internal.journal;

import java.io.DataInputStream;
import java.io.IOException;
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

    /** Payload bytes before the operations: sequence (8), time (8), operation count (4). */
    private static final int PAYLOAD_PREFIX = 20;

    /**
     * A record's operations already encoded, without sequence and time. A committer encodes its
     * own ({@link #encode}) before its record joins the commit queue, so the store's one I/O thread
     * only frames, checksums and writes it: a block's batch of some 11,000 operations (1.5 MB) was
     * encoded on that thread, and every admission queued behind it waited for the encoding too.
     *
     * @param ops the operations
     * @param bytes their encoding, as it follows the count in the payload
     */
    public record Body(List<Op> ops, byte[] bytes) {
    }

    /** Encodes {@code ops} as they follow the operation count in a record's payload. */
    public static Body encode(List<Op> ops) {
        int size = 0;
        for (Op op : ops) {
            size += 2 + op.namespace().length();
            switch (op.type()) {
                case DEFINE -> size += 1;
                case PUT -> size += 8 + op.key().length + op.value().length;
                case DELETE -> size += 4 + op.key().length;
                case DROP -> {
                    // the name is all a drop needs
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        for (Op op : ops) {
            out.put((byte) op.type().code);
            byte[] ns = op.namespace().getBytes(StandardCharsets.US_ASCII);
            out.put((byte) ns.length);
            out.put(ns);
            switch (op.type()) {
                case DEFINE -> out.put((byte) op.compression().ordinal());
                case PUT -> out.putInt(op.key().length).put(op.key()).putInt(op.value().length).put(op.value());
                case DELETE -> out.putInt(op.key().length).put(op.key());
                case DROP -> {
                    // the name is all a drop needs
                }
            }
        }
        return new Body(ops, out.array());
    }

    /**
     * The frame of the record {@code sequence}, {@code time} with the operations of {@code body},
     * as two buffers to write one after the other: frame header and payload prefix, then the
     * body's bytes as they are (not copied). The checksum covers both.
     */
    public static ByteBuffer[] frame(long sequence, long time, Body body) {
        ByteBuffer head = ByteBuffer.allocate(FRAME_HEADER + PAYLOAD_PREFIX).order(ByteOrder.BIG_ENDIAN);
        head.putInt(PAYLOAD_PREFIX + body.bytes().length).putInt(0).putLong(sequence).putLong(time).putInt(body.ops().size());
        CRC32C crc = new CRC32C();
        crc.update(head.array(), FRAME_HEADER, PAYLOAD_PREFIX);
        crc.update(body.bytes(), 0, body.bytes().length);
        head.putInt(4, (int) crc.getValue());
        head.rewind();
        return new ByteBuffer[] {head, ByteBuffer.wrap(body.bytes())};
    }

    /** The complete frame for this record, ready to append. */
    public byte[] toFrame() {
        ByteBuffer[] parts = frame(sequence, time, encode(ops));
        byte[] frame = new byte[parts[0].remaining() + parts[1].remaining()];
        parts[0].get(frame, 0, parts[0].remaining());
        parts[1].get(frame, FRAME_HEADER + PAYLOAD_PREFIX, parts[1].remaining());
        return frame;
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
