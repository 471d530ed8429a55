package org.qenex.network.internal.wire;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

public class MessageCodecTest {

    private static byte[] fill(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static Message.Hello hello() {
        return new Message.Hello(1, fill(32, 1), fill(32, 2), "qenex-local", fill(32, 3), 42, fill(32, 4), 8333, "qenex/0.1");
    }

    private static ByteBuf encoded(Message message) {
        ByteBuf out = Unpooled.buffer();
        MessageCodec.encode(message, out);
        return out;
    }

    @Test
    public void helloHasTheDocumentedLayout() throws Exception {
        ByteBuf bytes = encoded(hello());
        // type 1 + version 2 + key 32 + nonce 32 + chain id 1+11 + genesis 32 + height 8 + head 32 + port 2 + agent 1+9
        assertEquals(1 + 2 + 32 + 32 + 12 + 32 + 8 + 32 + 2 + 10, bytes.readableBytes());
        assertEquals(0x01, bytes.getUnsignedByte(0));
        assertEquals(1, bytes.getUnsignedShort(1));
        assertEquals(11, bytes.getUnsignedByte(67));
        assertEquals(42, bytes.getLong(1 + 2 + 64 + 12 + 32));
        Message.Hello back = (Message.Hello) MessageCodec.decode(bytes);
        assertEquals("qenex-local", back.chainId());
        assertArrayEquals(fill(32, 3), back.genesisHash());
        assertEquals(42, back.headHeight());
        assertEquals(8333, back.listenPort());
        assertEquals("qenex/0.1", back.agent());
    }

    @Test
    public void everyMessageRoundTrips() throws Exception {
        assertArrayEquals(fill(64, 9), ((Message.Auth) MessageCodec.decode(encoded(new Message.Auth(fill(64, 9))))).signature());
        Message.Reject reject = (Message.Reject) MessageCodec.decode(encoded(new Message.Reject(RejectReason.WRONG_GENESIS, "é!")));
        assertEquals(RejectReason.WRONG_GENESIS, reject.reason());
        assertEquals("é!", reject.detail());
        assertEquals(7L, ((Message.Ping) MessageCodec.decode(encoded(new Message.Ping(7)))).nonce());
        assertEquals(-1L, ((Message.Pong) MessageCodec.decode(encoded(new Message.Pong(-1)))).nonce());
        assertTrue(MessageCodec.decode(encoded(new Message.GetAddresses())) instanceof Message.GetAddresses);
        List<HostPort> entries = List.of(new HostPort("10.0.0.1", 8333), new HostPort("::1", 18333));
        assertEquals(entries, ((Message.Addresses) MessageCodec.decode(encoded(new Message.Addresses(entries)))).entries());
    }

    @Test
    public void strictDecodingRefusesShortLongAndOutOfRange() {
        ByteBuf hello = encoded(hello());
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(hello.copy(0, hello.readableBytes() - 1)));
        ByteBuf trailing = Unpooled.buffer().writeBytes(hello.copy()).writeByte(0);
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(trailing));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(Unpooled.buffer()));
        ByteBuf negativeHeight = hello.copy();
        negativeHeight.setLong(1 + 2 + 64 + 12 + 32, -1);
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(negativeHeight));
        ByteBuf badChain = hello.copy();
        badChain.setByte(68, 'A');
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(badChain));
        ByteBuf tooMany = Unpooled.buffer().writeByte(0x13).writeShort(101);
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(tooMany));
        ByteBuf badUtf8 = Unpooled.buffer().writeByte(0x03).writeByte(1).writeShort(1).writeByte(0xff);
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(badUtf8));
    }

    @Test
    public void gossipMessagesHaveTheDocumentedLayoutsAndRoundTrip() throws Exception {
        Hash h = Hash.of(fill(32, 5));
        Hash g = Hash.of(fill(32, 6));
        ByteBuf inv = encoded(new Message.Inventory(List.of(new Message.Announcement(Message.Kind.BLOCK, h, 9),
                new Message.Announcement(Message.Kind.TRANSACTION, g, 0))));
        assertEquals(1 + 2 + 2 * 41, inv.readableBytes());
        assertEquals(2, inv.getUnsignedByte(3));
        assertEquals(9, inv.getLong(3 + 1 + 32));
        Message.Inventory back = (Message.Inventory) MessageCodec.decode(inv);
        assertEquals(new Message.Announcement(Message.Kind.BLOCK, h, 9), back.items().get(0));
        assertEquals(Message.Kind.TRANSACTION, back.items().get(1).kind());

        List<Message.Item> items = List.of(new Message.Item(Message.Kind.TRANSACTION, g));
        ByteBuf get = encoded(new Message.GetData(items));
        assertEquals(1 + 2 + 33, get.readableBytes());
        assertEquals(items, ((Message.GetData) MessageCodec.decode(get)).items());
        assertEquals(items, ((Message.NotFound) MessageCodec.decode(encoded(new Message.NotFound(items)))).items());

        ByteBuf txs = encoded(new Message.Transactions(List.of(new Message.TransactionData(g, fill(157, 7)))));
        assertEquals(1 + 2 + 32 + 2 + 157, txs.readableBytes());
        Message.TransactionData tx = ((Message.Transactions) MessageCodec.decode(txs)).transactions().get(0);
        assertEquals(g, tx.id());
        assertArrayEquals(fill(157, 7), tx.encoded());

        Message.Block block = (Message.Block) MessageCodec.decode(encoded(new Message.Block(h, fill(300, 8))));
        assertEquals(h, block.hash());
        assertArrayEquals(fill(300, 8), block.encoded());

        ByteBuf locator = encoded(new Message.GetBlocks(List.of(h, g)));
        assertEquals(1 + 1 + 64, locator.readableBytes());
        assertEquals(List.of(h, g), ((Message.GetBlocks) MessageCodec.decode(locator)).locator());

        ByteBuf listed = encoded(new Message.BlockHashes(20, 11, List.of(h)));
        assertEquals(1 + 8 + 8 + 2 + 32, listed.readableBytes());
        Message.BlockHashes hashes = (Message.BlockHashes) MessageCodec.decode(listed);
        assertEquals(20, hashes.headHeight());
        assertEquals(11, hashes.firstHeight());
        assertEquals(List.of(h), hashes.hashes());
    }

    @Test
    public void gossipDecodingIsStrict() {
        // an INV of no items, of 1,001, of an unknown kind, a transaction with a height
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(Unpooled.buffer().writeByte(0x20).writeShort(0)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(Unpooled.buffer().writeByte(0x20).writeShort(1001)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x20).writeShort(1).writeByte(3).writeBytes(new byte[32]).writeLong(0)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x20).writeShort(1).writeByte(1).writeBytes(new byte[32]).writeLong(5)));
        // a transaction of length 0, one cut short
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x23).writeShort(1).writeBytes(new byte[32]).writeShort(0)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x23).writeShort(1).writeBytes(new byte[32]).writeShort(10).writeBytes(new byte[9])));
        // a block message without a block, a locator of 0 or 65 hashes, a listing starting at height 0 or of 501
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(Unpooled.buffer().writeByte(0x24).writeBytes(new byte[32])));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(Unpooled.buffer().writeByte(0x25).writeByte(0)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x25).writeByte(65).writeBytes(new byte[65 * 32])));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x26).writeLong(5).writeLong(0).writeShort(0)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                Unpooled.buffer().writeByte(0x26).writeLong(5).writeLong(1).writeShort(501).writeBytes(new byte[501 * 32])));
    }

    @Test
    public void anUnknownTypeIsReportedNotRefused() throws Exception {
        Message unknown = MessageCodec.decode(Unpooled.buffer().writeByte(0x7f).writeBytes(new byte[10]));
        assertEquals(0x7f, unknown.type());
    }

    @Test
    public void hostPortParsesTheDocumentedForms() {
        assertEquals(new HostPort("node.example.org", 8333), HostPort.parse("Node.Example.org", 8333));
        assertEquals(new HostPort("10.0.0.1", 9000), HostPort.parse("10.0.0.1:9000", 8333));
        assertEquals(new HostPort("::1", 9000), HostPort.parse("[::1]:9000", 8333));
        assertEquals("[::1]:9000", HostPort.parse("[::1]:9000", 8333).toString());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("x:99999", 8333));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("", 8333));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("a b:1", 8333));
    }
}
