package org.qenex.network.internal.peer;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.qenex.network.internal.handshake.NetworkKey;
import org.qenex.network.internal.handshake.Transcript;
import org.qenex.network.internal.wire.HostPort;
import org.qenex.network.internal.wire.MalformedMessageException;
import org.qenex.network.internal.wire.Message;
import org.qenex.network.internal.wire.MessageCodec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One peer connection's protocol state, the last handler of its pipeline (after TLS and the frame
 * decoder, which hands it one frame's payload at a time). Runs on the channel's event loop only.
 *
 * <p>States: TLS, then both sides send HELLO; each answers the other's HELLO with AUTH (or
 * REJECT); the connection is established when the peer's AUTH verifies. Until then any other
 * message is an offence and closes the connection: nothing unauthenticated is processed.
 */
public final class PeerConnection extends ChannelInboundHandlerAdapter {

    enum State { TLS, HELLO_SENT, AUTH_SENT, ESTABLISHED, CLOSED }

    private static final SecureRandom NONCES = new SecureRandom();

    private final PeerEvents events;
    private final NetworkKey key;
    private final byte[] localCertificate;
    private final NetworkSettings settings;
    private final HostPort dialed;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    private Channel channel;
    private volatile State state = State.TLS;
    private byte[] localHelloBytes;
    private byte[] peerHelloBytes;
    private volatile Message.Hello peerHello;
    private byte[] peerCertificate;
    private volatile long connectedAtMillis;
    private ScheduledFuture<?> handshakeDeadline;
    private ScheduledFuture<?> pings;
    private long windowStartMillis;
    private int windowCount;
    private boolean addressesAnswered;
    private boolean addressesAsked;

    /**
     * @param dialed the address this node dialed, or null for an inbound connection
     */
    PeerConnection(PeerEvents events, NetworkKey key, byte[] localCertificate, NetworkSettings settings, HostPort dialed) {
        this.events = events;
        this.key = key;
        this.localCertificate = localCertificate;
        this.settings = settings;
        this.dialed = dialed;
    }

    // ---- what the engine reads (any thread) ----------------------------------------------

    boolean outbound() {
        return dialed != null;
    }

    /** The dialed address, or null for an inbound connection. */
    HostPort dialed() {
        return dialed;
    }

    /** The peer's IP address (what an operator's ban of a whole host matches). */
    String host() {
        InetSocketAddress remote = channel == null ? null : (InetSocketAddress) channel.remoteAddress();
        if (remote == null) {
            return dialed == null ? "unknown" : dialed.host();
        }
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress().toLowerCase();
    }

    /** The address this connection came from (inbound) or went to (outbound), as {@code ip:port}. */
    BanSubject address() {
        InetSocketAddress remote = channel == null ? null : (InetSocketAddress) channel.remoteAddress();
        if (remote == null) {
            return dialed == null ? BanSubject.address("0.0.0.0", 1) : BanSubject.address(dialed.host(), dialed.port());
        }
        return BanSubject.address(host(), remote.getPort());
    }

    /**
     * Who this connection's misbehaviour counts against: the node key once the peer proved it (the
     * handshake completed), before that the address alone, since a HELLO's key is only a claim.
     */
    BanSubject subject() {
        String key = peerKeyHex();
        return connectedAtMillis > 0 && key != null ? BanSubject.key(key) : address();
    }

    /** What "logged once" is counted by: the key the peer claims once its HELLO came, else its address. */
    String logIdentity() {
        String key = peerKeyHex();
        return key != null ? key : remote();
    }

    String remote() {
        InetSocketAddress remote = channel == null ? null : (InetSocketAddress) channel.remoteAddress();
        if (remote == null) {
            return dialed == null ? "unknown" : dialed.toString();
        }
        String host = host();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + remote.getPort();
    }

    boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    Message.Hello peerHello() {
        return peerHello;
    }

    String peerKeyHex() {
        Message.Hello hello = peerHello;
        return hello == null ? null : HexFormat.of().formatHex(hello.nodeKey());
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    long bytesIn() {
        return bytesIn.get();
    }

    long bytesOut() {
        return bytesOut.get();
    }

    boolean addressesAsked() {
        return addressesAsked;
    }

    /** Answers at most one GET_ADDR per connection; whether this is the first. */
    boolean answerAddressesOnce() {
        boolean first = !addressesAnswered;
        addressesAnswered = true;
        return first;
    }

    /** Accepts at most one ADDR per connection, and only one this node asked for. */
    boolean acceptAddressesOnce() {
        boolean asked = addressesAsked;
        addressesAsked = false;
        return asked;
    }

    /** Closes the connection (any thread). */
    void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    /**
     * Queues {@code message} (any thread); false if the connection is closed or was just closed as slow. A peer that does not read what it is sent fills the
     * channel's bounded outbound buffer; past its high-water mark the channel turns unwritable and
     * the peer is disconnected, so a slow peer costs at most the configured bytes.
     */
    boolean send(Message message) {
        Channel c = channel;
        if (c == null || !c.isActive()) {
            return false;
        }
        if (!c.isWritable()) {
            events.note(this, "slow peer", "its outbound queue passed " + settings.outboundQueueBytes()
                    + " bytes: disconnected");
            c.close();
            return false;
        }
        ByteBuf out = c.alloc().buffer();
        MessageCodec.encode(message, out);
        bytesOut.addAndGet(out.readableBytes() + 4L);
        c.writeAndFlush(out, c.voidPromise());
        return true;
    }

    // ---- Netty events (event loop) ------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (state != State.ESTABLISHED && channel.isActive()) {
                events.note(this, "handshake timeout", "no completed handshake within "
                        + settings.handshakeTimeout().toMillis() + " ms: disconnected");
                channel.close();
            }
        }, settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        if (pings != null) {
            pings.cancel(false);
        }
        events.closed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (!completion.isSuccess()) {
                // exceptionCaught reports the cause; the channel closes
                return;
            }
            Certificate[] certificates = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            peerCertificate = certificates[0].getEncoded();
            Message.Hello hello = events.localHello();
            ByteBuf out = ctx.alloc().buffer();
            MessageCodec.encode(hello, out);
            localHelloBytes = ByteBufUtil.getBytes(out);
            bytesOut.addAndGet(out.readableBytes() + 4L);
            state = State.HELLO_SENT;
            ctx.writeAndFlush(out);
        } else if (event instanceof IdleStateEvent) {
            events.note(this, "idle", "nothing received for " + settings.idleTimeout().toSeconds() + " s: disconnected");
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            bytesIn.addAndGet(frame.readableBytes() + 4L);
            if (state == State.CLOSED || state == State.TLS) {
                return;
            }
            if (!isAnswer(frame) && flooding()) {
                return;
            }
            byte[] payload = state == State.HELLO_SENT ? ByteBufUtil.getBytes(frame) : null;
            Message message;
            try {
                message = MessageCodec.decode(frame);
            } catch (MalformedMessageException e) {
                offence(ctx, Offence.MALFORMED_FRAME, e.getMessage());
                return;
            }
            handle(ctx, message, payload);
        } finally {
            frame.release();
        }
    }

    /**
     * Answers to this node's own requests (blocks, transactions, block hashes, not-found) are bounded
     * by its request windows, so they do not count towards the flood limit: a peer serving a
     * catch-up of small blocks sends many a second. Unasked ones cost the sender (UNSOLICITED).
     */
    private boolean isAnswer(ByteBuf frame) {
        if (state != State.ESTABLISHED || !frame.isReadable()) {
            return false;
        }
        int type = frame.getUnsignedByte(frame.readerIndex());
        return type == Message.Block.TYPE || type == Message.Transactions.TYPE || type == Message.BlockHashes.TYPE
                || type == Message.NotFound.TYPE;
    }

    private boolean flooding() {
        long now = System.currentTimeMillis();
        if (now - windowStartMillis >= 1000) {
            windowStartMillis = now;
            windowCount = 0;
        }
        windowCount++;
        if (windowCount <= settings.maxMessagesPerSecond()) {
            return false;
        }
        if (windowCount == settings.maxMessagesPerSecond() + 1) {
            // once per window: the rest of this second's messages are dropped unread
            events.offence(this, Offence.FLOOD, "more than " + settings.maxMessagesPerSecond() + " messages in one second");
        }
        return true;
    }

    private void handle(ChannelHandlerContext ctx, Message message, byte[] payload) {
        if (message instanceof Message.Reject reject) {
            events.rejectedBy(this, reject);
            ctx.close();
            return;
        }
        switch (state) {
            case HELLO_SENT -> {
                if (!(message instanceof Message.Hello hello)) {
                    offence(ctx, Offence.UNAUTHENTICATED_MESSAGE, "type 0x" + Integer.toHexString(message.type())
                            + " before HELLO");
                    return;
                }
                onHello(ctx, hello, payload);
            }
            case AUTH_SENT -> {
                if (!(message instanceof Message.Auth auth)) {
                    offence(ctx, Offence.UNAUTHENTICATED_MESSAGE, "type 0x" + Integer.toHexString(message.type())
                            + " before AUTH");
                    return;
                }
                onAuth(ctx, auth);
            }
            case ESTABLISHED -> onMessage(message);
            default -> {
                // TLS or CLOSED: nothing is read then
            }
        }
    }

    private void onHello(ChannelHandlerContext ctx, Message.Hello hello, byte[] payload) {
        peerHello = hello;
        peerHelloBytes = payload;
        Optional<Message.Reject> refusal = events.admit(this, hello);
        if (refusal.isPresent()) {
            ByteBuf out = ctx.alloc().buffer();
            MessageCodec.encode(refusal.get(), out);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            state = State.CLOSED;
            return;
        }
        byte[] transcript = Transcript.of(localHelloBytes, peerHelloBytes, localCertificate, peerCertificate);
        state = State.AUTH_SENT;
        send(new Message.Auth(key.sign(transcript)));
    }

    private void onAuth(ChannelHandlerContext ctx, Message.Auth auth) {
        byte[] transcript = Transcript.of(peerHelloBytes, localHelloBytes, peerCertificate, localCertificate);
        if (!NetworkKey.verify(peerHello.nodeKey(), transcript, auth.signature())) {
            offence(ctx, Offence.BAD_SIGNATURE, "the AUTH signature does not verify for key " + peerKeyHex());
            return;
        }
        state = State.ESTABLISHED;
        connectedAtMillis = System.currentTimeMillis();
        handshakeDeadline.cancel(false);
        if (!events.established(this)) {
            ctx.close();
            return;
        }
        addressesAsked = true;
        send(new Message.GetAddresses());
        long interval = settings.pingInterval().toMillis();
        pings = ctx.executor().scheduleAtFixedRate(() -> {
            send(new Message.Ping(NONCES.nextLong()));
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void onMessage(Message message) {
        if (message instanceof Message.Ping ping) {
            send(new Message.Pong(ping.nonce()));
        } else if (message instanceof Message.Pong || message instanceof Message.Unknown) {
            // a pong only proves liveness (the idle timer saw it); an unknown type is a newer peer's
        } else if (message instanceof Message.Hello || message instanceof Message.Auth) {
            events.offence(this, Offence.MALFORMED_FRAME, "a second handshake message");
            close();
        } else {
            events.message(this, message);
        }
    }

    private void offence(ChannelHandlerContext ctx, Offence offence, String detail) {
        events.offence(this, offence, detail);
        state = State.CLOSED;
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CLOSED && !ctx.channel().isActive()) {
            return;
        }
        if (causedBy(cause, TooLongFrameException.class)) {
            offence(ctx, Offence.OVERSIZED_FRAME, cause.getMessage());
        } else if (causedBy(cause, NotSslRecordException.class)) {
            offence(ctx, Offence.MALFORMED_FRAME, "not TLS");
        } else if (causedBy(cause, SSLHandshakeException.class) || causedBy(cause, SSLException.class)) {
            events.note(this, "TLS failure", String.valueOf(rootMessage(cause)));
            ctx.close();
        } else {
            // connection reset and the like: nothing the peer can be blamed for
            events.note(this, "connection error", String.valueOf(rootMessage(cause)));
            ctx.close();
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

}
