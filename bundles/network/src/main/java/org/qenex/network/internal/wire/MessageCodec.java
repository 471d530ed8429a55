package org.qenex.network.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * The binary encoding of each message, the payload of one frame ({@code docs/network.md},
 * "Messages"): the type byte, then fixed fields, big-endian integers, and strings as a length
 * (u8 or u16) followed by UTF-8 bytes. Decoding is strict: a short field, an out-of-range value
 * or a trailing byte makes the whole frame malformed, so two implementations cannot read one
 * frame two ways.
 */
public final class MessageCodec {

    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 32;
    public static final int HASH_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    public static final int MAX_CHAIN_ID_LENGTH = 64;
    public static final int MAX_AGENT_LENGTH = 64;
    public static final int MAX_REJECT_DETAIL_LENGTH = 512;

    private MessageCodec() {
    }

    /** Writes {@code message}'s payload (type byte first) to {@code out}. */
    public static void encode(Message message, ByteBuf out) {
        out.writeByte(message.type());
        if (message instanceof Message.Hello h) {
            out.writeShort(h.version());
            fixed(out, h.nodeKey(), KEY_LENGTH);
            fixed(out, h.nonce(), NONCE_LENGTH);
            string8(out, h.chainId());
            fixed(out, h.genesisHash(), HASH_LENGTH);
            out.writeLong(h.headHeight());
            fixed(out, h.headHash(), HASH_LENGTH);
            out.writeShort(h.listenPort());
            string8(out, h.agent());
        } else if (message instanceof Message.Auth a) {
            fixed(out, a.signature(), SIGNATURE_LENGTH);
        } else if (message instanceof Message.Reject r) {
            out.writeByte(r.reason().code());
            byte[] detail = truncate(r.detail(), MAX_REJECT_DETAIL_LENGTH);
            out.writeShort(detail.length);
            out.writeBytes(detail);
        } else if (message instanceof Message.Ping p) {
            out.writeLong(p.nonce());
        } else if (message instanceof Message.Pong p) {
            out.writeLong(p.nonce());
        } else if (message instanceof Message.Addresses a) {
            if (a.entries().size() > Message.Addresses.MAX_ENTRIES) {
                throw new IllegalArgumentException("more than " + Message.Addresses.MAX_ENTRIES + " addresses");
            }
            out.writeShort(a.entries().size());
            for (HostPort entry : a.entries()) {
                string8(out, entry.host());
                out.writeShort(entry.port());
            }
        } else if (message instanceof Message.Inventory inv) {
            count(out, inv.items().size(), 1, Message.MAX_ITEMS);
            for (Message.Announcement a : inv.items()) {
                out.writeByte(a.kind().code());
                out.writeBytes(a.hash().bytes());
                out.writeLong(a.kind() == Message.Kind.BLOCK ? a.height() : 0);
            }
        } else if (message instanceof Message.GetData g) {
            items(out, g.items());
        } else if (message instanceof Message.NotFound n) {
            items(out, n.items());
        } else if (message instanceof Message.Transactions t) {
            count(out, t.transactions().size(), 1, Message.MAX_ITEMS);
            for (Message.TransactionData tx : t.transactions()) {
                if (tx.encoded().length < 1 || tx.encoded().length > Message.Transactions.MAX_TRANSACTION_BYTES) {
                    throw new IllegalArgumentException("a transaction of " + tx.encoded().length + " bytes");
                }
                out.writeBytes(tx.id().bytes());
                out.writeShort(tx.encoded().length);
                out.writeBytes(tx.encoded());
            }
        } else if (message instanceof Message.Block b) {
            if (b.encoded().length < 1) {
                throw new IllegalArgumentException("an empty block");
            }
            out.writeBytes(b.hash().bytes());
            out.writeBytes(b.encoded());
        } else if (message instanceof Message.GetBlocks g) {
            if (g.locator().isEmpty() || g.locator().size() > Message.GetBlocks.MAX_LOCATOR) {
                throw new IllegalArgumentException("a locator of " + g.locator().size() + " hashes");
            }
            out.writeByte(g.locator().size());
            g.locator().forEach(h -> out.writeBytes(h.bytes()));
        } else if (message instanceof Message.BlockHashes b) {
            out.writeLong(b.headHeight());
            out.writeLong(b.firstHeight());
            count(out, b.hashes().size(), 0, Message.BlockHashes.MAX_HASHES);
            b.hashes().forEach(h -> out.writeBytes(h.bytes()));
        } else if (message instanceof Message.Unknown) {
            throw new IllegalArgumentException("cannot send an unknown message type");
        }
        // GetAddresses and GetMempool have no body
    }

    /** Reads one frame's payload, all of it. */
    public static Message decode(ByteBuf in) throws MalformedMessageException {
        if (!in.isReadable()) {
            throw new MalformedMessageException("empty frame");
        }
        int type = in.readUnsignedByte();
        Message message = switch (type) {
            case Message.Hello.TYPE -> hello(in);
            case Message.Auth.TYPE -> new Message.Auth(fixed(in, SIGNATURE_LENGTH, "signature"));
            case Message.Reject.TYPE -> new Message.Reject(RejectReason.of(in.readUnsignedByte()),
                    text(in, need(in, 2, "detail length").readUnsignedShort(), MAX_REJECT_DETAIL_LENGTH, "detail"));
            case Message.Ping.TYPE -> new Message.Ping(need(in, 8, "nonce").readLong());
            case Message.Pong.TYPE -> new Message.Pong(need(in, 8, "nonce").readLong());
            case Message.GetAddresses.TYPE -> new Message.GetAddresses();
            case Message.GetMempool.TYPE -> new Message.GetMempool();
            case Message.Addresses.TYPE -> addresses(in);
            case Message.Inventory.TYPE -> inventory(in);
            case Message.GetData.TYPE -> new Message.GetData(items(in));
            case Message.NotFound.TYPE -> new Message.NotFound(items(in));
            case Message.Transactions.TYPE -> transactions(in);
            case Message.Block.TYPE -> block(in);
            case Message.GetBlocks.TYPE -> getBlocks(in);
            case Message.BlockHashes.TYPE -> blockHashes(in);
            default -> {
                // a newer peer's message: the caller decides whether that is allowed here
                in.skipBytes(in.readableBytes());
                yield new Message.Unknown(type);
            }
        };
        if (in.isReadable()) {
            throw new MalformedMessageException(in.readableBytes() + " bytes after the message of type 0x"
                    + Integer.toHexString(type));
        }
        return message;
    }

    private static Message.Hello hello(ByteBuf in) throws MalformedMessageException {
        int version = need(in, 2, "version").readUnsignedShort();
        byte[] key = fixed(in, KEY_LENGTH, "node key");
        byte[] nonce = fixed(in, NONCE_LENGTH, "nonce");
        String chainId = text(in, need(in, 1, "chain id length").readUnsignedByte(), MAX_CHAIN_ID_LENGTH, "chain id");
        if (!chainId.matches("[a-z0-9-]{1,64}")) {
            throw new MalformedMessageException("chain id is not [a-z0-9-]{1,64}");
        }
        byte[] genesis = fixed(in, HASH_LENGTH, "genesis hash");
        long height = need(in, 8, "head height").readLong();
        if (height < 0) {
            throw new MalformedMessageException("head height above 2^63-1");
        }
        byte[] head = fixed(in, HASH_LENGTH, "head hash");
        int listenPort = need(in, 2, "listen port").readUnsignedShort();
        String agent = text(in, need(in, 1, "agent length").readUnsignedByte(), MAX_AGENT_LENGTH, "agent");
        return new Message.Hello(version, key, nonce, chainId, genesis, height, head, listenPort, agent);
    }

    private static Message.Addresses addresses(ByteBuf in) throws MalformedMessageException {
        int count = need(in, 2, "address count").readUnsignedShort();
        if (count > Message.Addresses.MAX_ENTRIES) {
            throw new MalformedMessageException(count + " addresses, more than " + Message.Addresses.MAX_ENTRIES);
        }
        List<HostPort> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String host = text(in, need(in, 1, "host length").readUnsignedByte(), HostPort.MAX_HOST_LENGTH, "host");
            int port = need(in, 2, "port").readUnsignedShort();
            try {
                entries.add(new HostPort(host, port));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException("address " + i + ": " + e.getMessage());
            }
        }
        return new Message.Addresses(List.copyOf(entries));
    }

    private static Message.Inventory inventory(ByteBuf in) throws MalformedMessageException {
        int count = count(in, 1, Message.MAX_ITEMS, "item count");
        List<Message.Announcement> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Message.Kind kind = kind(in);
            Hash hash = Hash.of(fixed(in, HASH_LENGTH, "hash"));
            long height = need(in, 8, "height").readLong();
            if (height < 0 || (kind == Message.Kind.TRANSACTION && height != 0)) {
                throw new MalformedMessageException("item " + i + ": height " + Long.toUnsignedString(height)
                        + (kind == Message.Kind.TRANSACTION ? " for a transaction (must be 0)" : " above 2^63-1"));
            }
            items.add(new Message.Announcement(kind, hash, height));
        }
        return new Message.Inventory(List.copyOf(items));
    }

    private static List<Message.Item> items(ByteBuf in) throws MalformedMessageException {
        int count = count(in, 1, Message.MAX_ITEMS, "item count");
        List<Message.Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new Message.Item(kind(in), Hash.of(fixed(in, HASH_LENGTH, "hash"))));
        }
        return List.copyOf(items);
    }

    private static Message.Transactions transactions(ByteBuf in) throws MalformedMessageException {
        int count = count(in, 1, Message.MAX_ITEMS, "transaction count");
        List<Message.TransactionData> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Hash id = Hash.of(fixed(in, HASH_LENGTH, "transaction id"));
            int length = need(in, 2, "transaction length").readUnsignedShort();
            if (length == 0) {
                throw new MalformedMessageException("transaction " + i + " is empty");
            }
            transactions.add(new Message.TransactionData(id, fixed(in, length, "transaction")));
        }
        return new Message.Transactions(List.copyOf(transactions));
    }

    private static Message.Block block(ByteBuf in) throws MalformedMessageException {
        Hash hash = Hash.of(fixed(in, HASH_LENGTH, "block hash"));
        if (!in.isReadable()) {
            throw new MalformedMessageException("a block message without a block");
        }
        return new Message.Block(hash, fixed(in, in.readableBytes(), "block"));
    }

    private static Message.GetBlocks getBlocks(ByteBuf in) throws MalformedMessageException {
        int count = need(in, 1, "locator length").readUnsignedByte();
        if (count < 1 || count > Message.GetBlocks.MAX_LOCATOR) {
            throw new MalformedMessageException("a locator of " + count + " hashes, not 1-" + Message.GetBlocks.MAX_LOCATOR);
        }
        List<Hash> locator = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            locator.add(Hash.of(fixed(in, HASH_LENGTH, "locator hash")));
        }
        return new Message.GetBlocks(List.copyOf(locator));
    }

    private static Message.BlockHashes blockHashes(ByteBuf in) throws MalformedMessageException {
        long head = need(in, 8, "head height").readLong();
        long first = need(in, 8, "first height").readLong();
        if (head < 0 || first < 1) {
            throw new MalformedMessageException("head height above 2^63-1 or first height not positive");
        }
        int count = count(in, 0, Message.BlockHashes.MAX_HASHES, "hash count");
        List<Hash> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(Hash.of(fixed(in, HASH_LENGTH, "block hash")));
        }
        return new Message.BlockHashes(head, first, List.copyOf(hashes));
    }

    private static Message.Kind kind(ByteBuf in) throws MalformedMessageException {
        int code = need(in, 1, "item kind").readUnsignedByte();
        Message.Kind kind = Message.Kind.of(code);
        if (kind == null) {
            throw new MalformedMessageException("item kind " + code + " is neither 1 (transaction) nor 2 (block)");
        }
        return kind;
    }

    private static int count(ByteBuf in, int min, int max, String field) throws MalformedMessageException {
        int count = need(in, 2, field).readUnsignedShort();
        if (count < min || count > max) {
            throw new MalformedMessageException(field + " " + count + " is not " + min + "-" + max);
        }
        return count;
    }

    private static void count(ByteBuf out, int count, int min, int max) {
        if (count < min || count > max) {
            throw new IllegalArgumentException(count + " entries, not " + min + "-" + max);
        }
        out.writeShort(count);
    }

    private static void items(ByteBuf out, List<Message.Item> items) {
        count(out, items.size(), 1, Message.MAX_ITEMS);
        for (Message.Item item : items) {
            out.writeByte(item.kind().code());
            out.writeBytes(item.hash().bytes());
        }
    }

    private static ByteBuf need(ByteBuf in, int bytes, String field) throws MalformedMessageException {
        if (in.readableBytes() < bytes) {
            throw new MalformedMessageException("frame ends inside the " + field);
        }
        return in;
    }

    private static byte[] fixed(ByteBuf in, int length, String field) throws MalformedMessageException {
        byte[] bytes = new byte[length];
        need(in, length, field).readBytes(bytes);
        return bytes;
    }

    private static String text(ByteBuf in, int length, int max, String field) throws MalformedMessageException {
        if (length > max) {
            throw new MalformedMessageException(field + " of " + length + " bytes, more than " + max);
        }
        byte[] bytes = fixed(in, length, field);
        String s = new String(bytes, StandardCharsets.UTF_8);
        // a lossy decoding means invalid UTF-8: refuse rather than guess
        if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new MalformedMessageException(field + " is not valid UTF-8");
        }
        return s;
    }

    private static void fixed(ByteBuf out, byte[] bytes, int length) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("field of " + bytes.length + " bytes, expected " + length);
        }
        out.writeBytes(bytes);
    }

    private static void string8(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes, more than 255");
        }
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] truncate(String s, int max) {
        byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return bytes;
        }
        // cut on a character boundary so the receiver's strict UTF-8 check passes
        String cut = s;
        while (cut.getBytes(StandardCharsets.UTF_8).length > max) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut.getBytes(StandardCharsets.UTF_8);
    }
}
