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

    /**
     * 0x27, asks for the sender's pending transactions; answered by at most one round of
     * {@link Inventory} (a node sends it once per connection, once it is in sync).
     */
    record GetMempool() implements Message {
        public static final int TYPE = 0x27;

        /** Transaction ids announced in answer, at most. */
        public static final int MAX_ANNOUNCED = 5_000;

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

    /** An inventory item's kind: a transaction (by id) or a block (by hash). */
    enum Kind {
        TRANSACTION(1), BLOCK(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The kind of a code, or null for a code this version does not know. */
        public static Kind of(int code) {
            return code == 1 ? TRANSACTION : code == 2 ? BLOCK : null;
        }
    }

    /** The most items one INV, GET_DATA or NOT_FOUND carries, and transactions one TRANSACTIONS. */
    int MAX_ITEMS = 1000;

    /** One item of a GET_DATA or NOT_FOUND. */
    record Item(Kind kind, Hash hash) {
    }

    /** One item of an INV: a block's height, 0 for a transaction. */
    record Announcement(Kind kind, Hash hash, long height) {
    }

    /** 0x20, what the sender has and the receiver may not: fetch it with {@link GetData}. */
    record Inventory(List<Announcement> items) implements Message {
        public static final int TYPE = 0x20;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x21, asks for the listed items; answered by {@link Transactions}, {@link Block} and {@link NotFound}. */
    record GetData(List<Item> items) implements Message {
        public static final int TYPE = 0x21;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x22, the items of a {@link GetData} the sender does not have (any more). */
    record NotFound(List<Item> items) implements Message {
        public static final int TYPE = 0x22;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** A transaction in its wire encoding (docs/chain-format.md) with the id it is sent under. */
    record TransactionData(Hash id, byte[] encoded) {
    }

    /** 0x23, transactions the receiver asked for. */
    record Transactions(List<TransactionData> transactions) implements Message {
        public static final int TYPE = 0x23;
        /** The largest transaction the wire carries (the chain's own limit is far lower). */
        public static final int MAX_TRANSACTION_BYTES = 65535;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x24, a block the receiver asked for, in its wire encoding, with the hash it is sent under. */
    record Block(Hash hash, byte[] encoded) implements Message {
        public static final int TYPE = 0x24;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** 0x25, asks for the hashes of the sender's main chain after the locator's fork point. */
    record GetBlocks(List<Hash> locator) implements Message {
        public static final int TYPE = 0x25;
        public static final int MAX_LOCATOR = 64;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /**
     * 0x26, the answer to {@link GetBlocks}: main-chain hashes at {@code firstHeight},
     * {@code firstHeight + 1}, ..., and the sender's head height; none when nothing follows the fork point.
     */
    record BlockHashes(long headHeight, long firstHeight, List<Hash> hashes) implements Message {
        public static final int TYPE = 0x26;
        public static final int MAX_HASHES = 500;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** A type this version does not know; ignored once the handshake is done (newer peers). */
    record Unknown(int type) implements Message {
    }
}
