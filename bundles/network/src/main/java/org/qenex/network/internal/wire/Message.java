package org.qenex.network.internal.wire;

import java.util.List;

/**
 * The messages of protocol version 1, one per frame ({@code docs/network.md}, "Messages"). Byte
 * arrays are of the fixed lengths the document gives; {@link MessageCodec} checks them.
 */
public sealed interface Message {

    /** The message type, the first byte of the frame's payload. */
    int type();

    /** 0x01, the first message each side sends. */
    record Hello(int version, byte[] nodeKey, byte[] nonce, String chainId, byte[] genesisHash, long headHeight,
            byte[] headHash, int listenPort, String agent) implements Message {
        public static final int TYPE = 0x01;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x02, the signature over the handshake transcript. */
    record Auth(byte[] signature) implements Message {
        public static final int TYPE = 0x02;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x03, why the sender refuses the connection; it closes the connection after sending it. */
    record Reject(RejectReason reason, String detail) implements Message {
        public static final int TYPE = 0x03;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x10, keep-alive; answered by a {@link Pong} with the same nonce. */
    record Ping(long nonce) implements Message {
        public static final int TYPE = 0x10;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x11, the answer to a {@link Ping}. */
    record Pong(long nonce) implements Message {
        public static final int TYPE = 0x11;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x12, asks for addresses of other nodes; answered by at most one {@link Addresses}. */
    record GetAddresses() implements Message {
        public static final int TYPE = 0x12;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x13, addresses of other nodes the sender connected to. */
    record Addresses(List<HostPort> entries) implements Message {
        public static final int TYPE = 0x13;
        /** The most entries one message may carry. */
        public static final int MAX_ENTRIES = 100;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** A type this version does not know; ignored once the handshake is done (newer peers). */
    record Unknown(int type) implements Message {
    }
}
