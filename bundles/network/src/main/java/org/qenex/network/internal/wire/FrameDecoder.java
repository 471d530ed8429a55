package org.qenex.network.internal.wire;

import java.util.List;
import java.util.function.IntSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the TLS plaintext into frames: a u32 big-endian payload length, then the payload. The
 * length is checked against the current limit as soon as its four bytes are in, before a byte of
 * the payload is buffered or allocated: a frame over the limit fails the connection at once. The
 * limit is a supplier because it is small (4 KiB) until the handshake completes.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** The limit before the handshake completes: HELLO, AUTH and REJECT fit easily. */
    public static final int HANDSHAKE_FRAME_LIMIT = 4096;

    private final IntSupplier limit;

    public FrameDecoder(IntSupplier limit) {
        this.limit = limit;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
        if (in.readableBytes() < 4) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        int max = limit.getAsInt();
        if (length > max) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("frame of " + length + " bytes, limit " + max);
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        out.add(in.readRetainedSlice((int) length));
    }
}
