package org.qenex.network.internal.peer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.ChainView;
import org.qenex.api.network.BanInfo;
import org.qenex.api.network.KnownAddress;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerInfo;
import org.qenex.api.network.PeerNetwork;
import org.qenex.network.internal.handshake.NetworkKey;
import org.qenex.network.internal.handshake.PeerCertificate;
import org.qenex.network.internal.wire.FrameDecoder;
import org.qenex.network.internal.wire.HostPort;
import org.qenex.network.internal.wire.Message;
import org.qenex.network.internal.wire.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The peer-to-peer transport: one Netty NIO event loop group serving the listener and every
 * connection, the registry of peers, the address book, scores and bans, and a maintenance thread
 * that keeps the outbound connections at their target. {@link #start()} and {@link #stop()} bound
 * every thread it has.
 */
public final class PeerNetworkEngine implements PeerNetwork, PeerEvents {

    public static final int PROTOCOL_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetworkEngine.class);
    static final long MAINTENANCE_MILLIS = 1_000;
    static final long QUIET_MAINTENANCE_MILLIS = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** The longest {@link #stop()} takes, whatever is busy. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(5);

    private final NetworkSettings settings;
    private final NetworkKey key;
    private final PeerCertificate certificate;
    private final ChainView chain;
    /** Fixed for the chain's life (the engine's is shorter): read once, so status and handshakes never wait for the ledger. */
    private final String chainId;
    private final String genesisHash;
    private final AddressBook book;
    private final BanList bans;
    private final PeerScores scores = new PeerScores();
    private final OnceLog once = new OnceLog();
    private final SecureRandom random;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, PeerConnection> established = new ConcurrentHashMap<>();
    private final Set<HostPort> dialing = ConcurrentHashMap.newKeySet();
    private final Set<PeerConnection> incompatible = ConcurrentHashMap.newKeySet();
    private final Relay relay;

    private EventLoopGroup group;
    private Channel listener;
    private ScheduledExecutorService maintenance;
    private volatile int boundPort;
    private volatile String listenProblem;
    private volatile PeerTopic topic = new PeerTopic(() -> null);

    public PeerNetworkEngine(NetworkSettings settings, NetworkKey key, PeerCertificate certificate, ChainView chain,
            Path dataFolder, SecureRandom random) throws IOException {
        this(settings, RelaySettings.defaults(settings.maxFrameBytes()), key, certificate, chain, () -> null, dataFolder, random);
    }

    /**
     * @param exchange the ledger's side of gossip and sync, or null while there is none (the node
     *        then connects and exchanges addresses, and fetches nothing)
     */
    public PeerNetworkEngine(NetworkSettings settings, RelaySettings relaySettings, NetworkKey key, PeerCertificate certificate,
            ChainView chain, Supplier<BlockExchange> exchange, Path dataFolder, SecureRandom random) throws IOException {
        this.settings = settings;
        this.relay = new Relay(relaySettings, chain, exchange, this);
        this.key = key;
        this.certificate = certificate;
        this.chain = chain;
        this.chainId = chain.chainId();
        this.genesisHash = chain.genesisHash();
        this.random = random;
        this.book = AddressBook.open(dataFolder, settings.seeds());
        this.bans = BanList.open(dataFolder);
        try {
            // Neither side checks the other's certificate against an authority: TLS encrypts, and
            // the handshake signature, which covers both certificates, authenticates.
            this.serverTls = SslContextBuilder.forServer(certificate.keyManager())
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3").clientAuth(ClientAuth.REQUIRE)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            this.clientTls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3")
                    .keyManager(certificate.keyManager())
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS 1.3 with the peer certificate: " + e.getMessage(), e);
        }
    }

    /** Where connections, disconnections and bans are posted ({@code QenexTopics.PEER}); nowhere until set. */
    public void postPeerChangesTo(PeerTopic topic) {
        this.topic = topic;
    }

    /** Binds the listener (a port in use is logged and leaves the node dialing out only) and starts dialing. */
    public synchronized void start() {
        relay.start();
        group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("qenex-network", true),
                NioIoHandler.newFactory());
        WriteBufferWaterMark queue = new WriteBufferWaterMark(settings.outboundQueueBytes() / 2, settings.outboundQueueBytes());
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, queue)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accept(ch);
                        }
                    })
                    .bind(settings.bindAddress(), settings.port()).syncUninterruptibly().channel();
            boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
            LOG.info("network: listening on {}:{}, node key {}", settings.bindAddress(), boundPort, key.publicKeyHex());
        } catch (Exception e) {
            listenProblem = (e instanceof BindException ? "port " + settings.port() + " on " + settings.bindAddress()
                    + " is in use" : "cannot listen on " + settings.bindAddress() + ":" + settings.port() + " (" + e.getMessage() + ")")
                    + ": set bindAddress/port in etc/org.qenex.network.cfg or stop what holds it; dialing out only";
            LOG.error("network: {}", listenProblem);
        }
        maintenance = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("qenex-network-peers", true));
        maintenance.execute(this::maintainAndPlan);
    }

    /** One maintenance round, then the next at the pace {@link #nextMaintenanceMillis()} says. */
    private void maintainAndPlan() {
        maintain();
        ScheduledExecutorService m = maintenance;
        try {
            m.schedule(this::maintainAndPlan, nextMaintenanceMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine stopped: no next round
        }
    }

    /**
     * Every second while the node has a connection, a dial under way or an address to dial; every
     * {@link #QUIET_MAINTENANCE_MILLIS} when it has none of them (a node with no peers configured,
     * which otherwise woke every second to find nothing to do). Connections add addresses and an
     * operator's {@code addPeer} or {@code unban} runs a round at once, so the quiet pace never
     * delays a dial the node knows of; at worst a ban ends up to 10 s late.
     */
    long nextMaintenanceMillis() {
        return connections.isEmpty() && dialing.isEmpty() && book.size() == 0 ? QUIET_MAINTENANCE_MILLIS : MAINTENANCE_MILLIS;
    }

    /**
     * Stops every thread within {@link #STOP_BUDGET} in all (the supervisor gives a deactivation 10 s):
     * a dialing round, a relay or an import that is busy on a loaded machine is not waited for beyond it.
     */
    public synchronized void stop() {
        StopDeadline deadline = new StopDeadline(STOP_BUDGET);
        try {
            // a round that is dialing should finish before the event loops go; if it does not, its connect fails
            deadline.stopBookkeeping(maintenance, Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly(Math.min(1_000, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
        }
        connections.forEach(PeerConnection::close);
        relay.stop(deadline);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(Math.max(100, deadline.remainingMillis()),
                    TimeUnit.MILLISECONDS);
        }
        save();
    }

    /** The bound port (the real one when the configuration said 0), or 0 when not listening. */
    public int boundPort() {
        return boundPort;
    }

    /** Why the node does not listen, or null. */
    public String listenProblem() {
        return listenProblem;
    }

    /**
     * Queues {@code message} to every established peer (the entry point of the gossip to come); a
     * peer whose outbound queue is full is disconnected instead. How many peers it was queued to.
     */
    public int broadcast(Message message) {
        int sent = 0;
        for (PeerConnection c : established.values()) {
            if (c.send(message)) {
                sent++;
            }
        }
        return sent;
    }

    /** Where the ledger's listener reports what may be relayed. */
    public BlockExchange.Listener listener() {
        return relay;
    }

    /** Per peer key: inventory items, transactions and blocks this node sent it (tests). */
    Map<String, long[]> sentByPeer() {
        return relay.sentByPeer();
    }

    /** A node key's, address's or host's misbehaviour score now (100 clean, 0 banned). */
    int score(String subject) {
        return scores.score(subject, System.currentTimeMillis());
    }

    public String nodeKeyHex() {
        return key.publicKeyHex();
    }

    // ---- connections ----------------------------------------------------------------------

    private void accept(SocketChannel ch) {
        String host = ch.remoteAddress().getAddress().getHostAddress().toLowerCase();
        String address = BanSubject.address(host, ch.remoteAddress().getPort()).text();
        long now = System.currentTimeMillis();
        if (bans.isBanned(host, now) || bans.isBanned(address, now)) {
            // refused before TLS: a banned host or address costs one accept and nothing else (a
            // banned node key is only known from its HELLO, and refused there)
            if (once.first(host, "refused while banned")) {
                LOG.info("network: refused a connection from banned {}", bans.isBanned(host, now) ? "host " + host : address);
            }
            ch.close();
            return;
        }
        long inbound = connections.stream().filter(c -> !c.outbound()).count();
        if (inbound >= settings.inboundLimit()) {
            if (once.first(host, "inbound limit")) {
                LOG.info("network: refused a connection from {}: all {} inbound slots taken", host, settings.inboundLimit());
            }
            ch.close();
            return;
        }
        pipeline(ch, serverTls.newHandler(ch.alloc()), null);
    }

    private void pipeline(SocketChannel ch, SslHandler tls, HostPort dialed) {
        tls.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        PeerConnection connection = new PeerConnection(this, key, certificate.encoded(), settings, dialed);
        connections.add(connection);
        ch.pipeline().addLast("tls", tls)
                .addLast("frames", new FrameDecoder(() -> connection.isEstablished() ? settings.maxFrameBytes()
                        : FrameDecoder.HANDSHAKE_FRAME_LIMIT))
                .addLast("length", new LengthFieldPrepender(4))
                .addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("peer", connection);
    }

    private void dial(HostPort address) {
        if (!dialing.add(address)) {
            return;
        }
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.outboundQueueBytes() / 2, settings.outboundQueueBytes()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, clientTls.newHandler(ch.alloc(), address.host(), address.port()), address);
                    }
                })
                .connect(address.host(), address.port()).addListener(future -> {
                    if (!future.isSuccess()) {
                        dialing.remove(address);
                        book.failed(address, System.currentTimeMillis());
                        if (once.first(address.host(), "unreachable " + address.port())) {
                            LOG.warn("network: cannot reach {}: {}", address, unreachable(address, future.cause()));
                        }
                    }
                });
    }

    /** Why a dial failed, in one line that names the fix. */
    static String unreachable(HostPort address, Throwable cause) {
        String fix = "check the address (qenex:peers remove " + address + " drops it; seeds are in "
                + "etc/org.qenex.network.cfg); retrying with backoff";
        if (cause instanceof UnknownHostException) {
            return "'" + address.host() + "' does not resolve: " + fix;
        }
        if (cause instanceof java.net.ConnectException) {
            return "nothing accepts connections there (" + cause.getMessage() + "): is the node running and is that its "
                    + "port (its etc/org.qenex.network.cfg)? Otherwise " + fix;
        }
        return (cause == null ? "unknown failure" : cause.getMessage()) + ": " + fix;
    }

    /** Keeps the outbound connections at their target, expires bans, saves the address book. */
    private void maintain() {
        try {
            long now = System.currentTimeMillis();
            bans.expire(now);
            // an outbound address stays in dialing from the dial until its connection closes
            int missing = settings.outboundTarget() - dialing.size();
            if (missing > 0) {
                Set<HostPort> skip = new HashSet<>(dialing);
                for (PeerConnection c : established.values()) {
                    Message.Hello hello = c.peerHello();
                    if (c.dialed() != null) {
                        skip.add(c.dialed());
                    } else if (hello != null && hello.listenPort() != 0) {
                        skip.add(new HostPort(c.host(), hello.listenPort()));
                    }
                }
                for (HostPort candidate : book.candidates(now, skip, missing * 2)) {
                    if (missing == 0) {
                        break;
                    }
                    if (!bans.isBanned(candidate.host(), now) && !bans.isBanned(candidate.toString(), now)) {
                        dial(candidate);
                        missing--;
                    }
                }
            }
            book.saveIfChanged();
        } catch (IOException | RuntimeException e) {
            // the next round tries again; a failing disk must not end the maintenance thread
            LOG.warn("network: peer maintenance failed: {}", e.toString());
        }
    }

    private void save() {
        try {
            book.saveIfChanged();
        } catch (IOException e) {
            LOG.warn("network: cannot save the address book: {}", e.toString());
        }
    }

    // ---- PeerEvents ---------------------------------------------------------------------

    @Override
    public Message.Hello localHello() {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        HexFormat hex = HexFormat.of();
        return new Message.Hello(PROTOCOL_VERSION, key.publicKey(), nonce, chainId, hex.parseHex(genesisHash),
                chain.height(), hex.parseHex(chain.headHash()), boundPort, settings.agent());
    }

    @Override
    public Optional<Message.Reject> admit(PeerConnection connection, Message.Hello hello) {
        HexFormat hex = HexFormat.of();
        Message.Reject refusal = null;
        if (hello.version() != PROTOCOL_VERSION) {
            refusal = new Message.Reject(RejectReason.PROTOCOL_VERSION, "this node speaks protocol version " + PROTOCOL_VERSION
                    + ", the peer " + hello.version());
        } else if (!hello.chainId().equals(chainId)) {
            refusal = new Message.Reject(RejectReason.WRONG_CHAIN, "this node is on chain '" + chainId
                    + "', the peer on '" + hello.chainId() + "': nodes of one network need the same genesisFile "
                    + "(etc/org.qenex.chain.cfg; docs/network.md, Making a network), or remove the seed");
        } else if (!hex.formatHex(hello.genesisHash()).equals(genesisHash)) {
            refusal = new Message.Reject(RejectReason.WRONG_GENESIS, "this node's genesis block is " + genesisHash
                    + ", the peer's " + hex.formatHex(hello.genesisHash()) + " (same chain id, another genesis file): copy the "
                    + "network's genesis file to every node's genesisFile (etc/org.qenex.chain.cfg; docs/network.md, Making a "
                    + "network)");
        } else if (hex.formatHex(hello.nodeKey()).equals(key.publicKeyHex())) {
            refusal = new Message.Reject(RejectReason.SELF_CONNECTION, "the peer has this node's own key");
        } else if (bannedAs(connection, hex.formatHex(hello.nodeKey())) != null) {
            refusal = new Message.Reject(RejectReason.BANNED, "this node has banned "
                    + bannedAs(connection, hex.formatHex(hello.nodeKey())));
        } else if (established.containsKey(hex.formatHex(hello.nodeKey()))) {
            // a second connection while one is up; two completing at once are settled in established()
            refusal = new Message.Reject(RejectReason.DUPLICATE, "this node is already connected to key "
                    + hex.formatHex(hello.nodeKey()));
        }
        if (refusal == null) {
            return Optional.empty();
        }
        if (refusal.reason() != RejectReason.BANNED && refusal.reason() != RejectReason.DUPLICATE) {
            incompatible.add(connection);
        }
        if (once.first(connection.logIdentity(), "refused " + refusal.reason())) {
            LOG.warn("network: refused peer {} (key {}): {}: {}", connection.remote(), connection.peerKeyHex(),
                    refusal.reason().text(), refusal.detail());
        }
        return Optional.of(refusal);
    }

    @Override
    public boolean established(PeerConnection connection) {
        String peerKey = connection.peerKeyHex();
        synchronized (established) {
            PeerConnection existing = established.get(peerKey);
            if (existing != null && existing != connection) {
                // Both nodes dialed each other: each side keeps the connection opened by the node
                // with the lower key, so both keep the same one.
                if (initiatorKey(existing).compareTo(initiatorKey(connection)) <= 0) {
                    return false;
                }
                existing.close();
            }
            // the relay knows the peer before anyone can see it connected: nothing admitted from
            // then on misses it
            relay.connected(connection);
            established.put(peerKey, connection);
        }
        long now = System.currentTimeMillis();
        Message.Hello hello = connection.peerHello();
        if (connection.outbound()) {
            book.connected(connection.dialed(), now);
        } else if (hello.listenPort() != 0) {
            // where the peer says it listens: tried like any learned address before it is trusted
            try {
                book.learn(new HostPort(connection.host(), hello.listenPort()));
            } catch (IllegalArgumentException unusable) {
                // a host the address book cannot hold (scoped IPv6): not learned
            }
        }
        LOG.info("network: connected to {} ({}, key {}, head {} at height {})", connection.remote(),
                connection.outbound() ? "outbound" : "inbound", peerKey, HexFormat.of().formatHex(hello.headHash()),
                hello.headHeight());
        topic.connected(peerKey, connection.remote());
        return true;
    }

    /** What of this peer is banned (its key, address or host, in that order), or null. */
    private String bannedAs(PeerConnection connection, String peerKey) {
        long now = System.currentTimeMillis();
        for (String subject : new String[] {peerKey, connection.address().text(), connection.host()}) {
            if (bans.isBanned(subject, now)) {
                return subject.equals(peerKey) ? "node key " + subject : subject;
            }
        }
        return null;
    }

    private String initiatorKey(PeerConnection connection) {
        return connection.outbound() ? key.publicKeyHex() : connection.peerKeyHex();
    }

    @Override
    public void message(PeerConnection connection, Message message) {
        if (message instanceof Message.GetAddresses) {
            if (connection.answerAddressesOnce()) {
                List<HostPort> known = new ArrayList<>(book.verified(Message.Addresses.MAX_ENTRIES + 1));
                known.remove(connection.dialed());
                connection.send(new Message.Addresses(known.subList(0, Math.min(known.size(), Message.Addresses.MAX_ENTRIES))));
            }
        } else if (message instanceof Message.Addresses addresses) {
            // only the one answer this node asked for: unsolicited lists could fill the book
            if (connection.acceptAddressesOnce()) {
                int learned = 0;
                for (HostPort address : addresses.entries()) {
                    learned += book.learn(address) ? 1 : 0;
                }
                LOG.debug("network: learned {} addresses from {}", learned, connection.remote());
            }
        } else {
            relay.message(connection, message);
        }
    }

    @Override
    public void offence(PeerConnection connection, Offence offence, String detail) {
        // the peer's proven key, or before the handshake its address: never the whole host, so
        // one bad peer on 127.0.0.1 or behind a NAT leaves the others there alone
        BanSubject subject = connection.subject();
        long now = System.currentTimeMillis();
        PeerScores.Verdict verdict = scores.penalize(subject.text(), offence, now);
        if (verdict.firstOfItsKind()) {
            LOG.warn("network: peer {} ({}): {} ({}): score {}", connection.remote(), describe(subject), offence.text(), detail,
                    verdict.score());
        }
        if (verdict.banNow()) {
            banSubject(subject, settings.banDuration(), offence.text(), now);
        }
    }

    private static String describe(BanSubject subject) {
        return switch (subject.kind()) {
            case KEY -> "key " + subject.text();
            case ADDRESS -> "address " + subject.text() + ", before the handshake";
            case HOST -> "host " + subject.text();
        };
    }

    @Override
    public void rejectedBy(PeerConnection connection, Message.Reject reject) {
        if (reject.reason() != RejectReason.DUPLICATE && reject.reason() != RejectReason.TOO_MANY_PEERS) {
            incompatible.add(connection);
        }
        if (once.first(connection.logIdentity(), "rejected " + reject.reason())) {
            LOG.warn("network: peer {} refused this node: {}: {}", connection.remote(), reject.reason().text(), reject.detail());
        }
    }

    @Override
    public void note(PeerConnection connection, String cause, String detail) {
        if (once.first(connection.logIdentity(), cause)) {
            LOG.info("network: peer {}: {}: {}", connection.remote(), cause, detail);
        }
    }

    @Override
    public void closed(PeerConnection connection) {
        connections.remove(connection);
        String peerKey = connection.peerKeyHex();
        if (peerKey != null && established.remove(peerKey, connection)) {
            topic.disconnected(peerKey, connection.remote(), "connection closed");
        }
        if (connection.connectedAtMillis() > 0) {
            // also a connection replaced by a duplicate's: the relay forgets it either way
            relay.disconnected(connection);
        }
        boolean wasIncompatible = incompatible.remove(connection);
        HostPort dialed = connection.dialed();
        if (dialed == null) {
            return;
        }
        dialing.remove(dialed);
        long now = System.currentTimeMillis();
        if (connection.connectedAtMillis() > 0) {
            book.disconnected(dialed, now);
            LOG.info("network: disconnected from {}", dialed);
        } else if (wasIncompatible) {
            book.incompatible(dialed, now);
        } else {
            book.failed(dialed, now);
        }
    }

    // ---- PeerNetwork ----------------------------------------------------------------------

    @Override
    public NetworkStatus status() {
        int outbound = 0;
        int inbound = 0;
        for (PeerConnection c : established.values()) {
            if (c.outbound()) {
                outbound++;
            } else {
                inbound++;
            }
        }
        return new NetworkStatus(listener != null && listener.isActive(), settings.bindAddress(), boundPort,
                key.publicKeyHex(), PROTOCOL_VERSION, chainId, genesisHash, outbound, inbound,
                settings.outboundTarget(), settings.inboundLimit(), book.size(), bans.list(System.currentTimeMillis()).size(),
                relay.status());
    }

    @Override
    public List<PeerInfo> peers() {
        long now = System.currentTimeMillis();
        return established.values().stream().sorted(Comparator.comparingLong(PeerConnection::connectedAtMillis))
                .map(c -> new PeerInfo(c.remote(), c.peerKeyHex(), c.outbound(), c.connectedAtMillis(), c.peerHello().headHeight(),
                        HexFormat.of().formatHex(c.peerHello().headHash()), c.peerHello().agent(), scores.score(c.peerKeyHex(), now),
                        c.bytesIn(), c.bytesOut()))
                .toList();
    }

    @Override
    public List<KnownAddress> addresses() {
        return book.list();
    }

    @Override
    public List<BanInfo> bans() {
        return bans.list(System.currentTimeMillis());
    }

    @Override
    public void addPeer(String address) {
        HostPort parsed = HostPort.parse(address, NetworkSettings.DEFAULT_PORT);
        InetAddress resolved;
        try {
            // an operator's typo is said now, in one line, rather than as failed dials in the log
            resolved = InetAddress.getByName(parsed.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + parsed.host() + "' does not resolve: give a host name this node can "
                    + "resolve or an IP address, as HOST:PORT (the peer's port in its etc/org.qenex.network.cfg)", e);
        }
        if (parsed.port() == boundPort && isThisMachine(resolved)) {
            // it would dial itself and be refused at every try ("connected to itself")
            throw new IllegalArgumentException("'" + address + "' is this node's own peer port: add another node's address");
        }
        book.addManual(parsed);
        save();
        ScheduledExecutorService m = maintenance;
        if (m != null) {
            m.execute(this::maintain);
        }
    }

    @Override
    public boolean removePeer(String address) {
        HostPort parsed = HostPort.parse(address, NetworkSettings.DEFAULT_PORT);
        boolean known = book.remove(parsed);
        for (PeerConnection c : connections) {
            Message.Hello hello = c.peerHello();
            boolean same = parsed.equals(c.dialed())
                    || (c.host().equals(parsed.host()) && hello != null && hello.listenPort() == parsed.port());
            if (same) {
                known = true;
                c.close();
            }
        }
        save();
        return known;
    }

    @Override
    public void ban(String peer, Duration duration, String reason) {
        BanSubject subject = BanSubject.parse(peer);
        if (subject.kind() == BanSubject.Kind.KEY && subject.text().equals(key.publicKeyHex())) {
            throw new IllegalArgumentException("'" + peer + "' is this node's own key");
        }
        banSubject(subject, BanTerms.checked(duration), BanTerms.reason(reason, "banned by an operator"),
                System.currentTimeMillis());
    }

    @Override
    public boolean unban(String peer) {
        String subject = BanSubject.parse(peer).text();
        scores.forget(subject);
        once.forget(subject);
        boolean removed;
        try {
            removed = bans.unban(subject);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the ban list: " + e.getMessage(), e);
        }
        if (removed) {
            // the operator lifted it: peers refused meanwhile are tried again now, not after their backoff
            book.retryNow(System.currentTimeMillis());
            ScheduledExecutorService m = maintenance;
            if (m != null) {
                m.execute(this::maintain);
            }
        }
        return removed;
    }

    private void banSubject(BanSubject subject, Duration duration, String reason, long now) {
        String text = subject.text();
        try {
            if (bans.ban(text, now + duration.toMillis(), reason, now)) {
                LOG.warn("network: banned {} for {}: {}", describe(subject), duration, reason);
                topic.banned(subject.kind() == BanSubject.Kind.KEY ? text : connections.stream().filter(c -> matches(c, subject))
                        .map(PeerConnection::peerKeyHex).filter(java.util.Objects::nonNull).findFirst().orElse(null), text, reason);
            }
        } catch (IOException e) {
            // still banned in memory until the restart
            LOG.warn("network: cannot save the ban of {}: {}", text, e.toString());
        }
        for (PeerConnection c : connections) {
            if (matches(c, subject)) {
                c.close();
            }
        }
    }

    /** Whether {@code address} is one of this machine's own (loopback, the wildcard, an interface's). */
    private static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean matches(PeerConnection c, BanSubject subject) {
        return switch (subject.kind()) {
            case KEY -> subject.text().equals(c.peerKeyHex());
            case ADDRESS -> subject.equals(c.address())
                    || (c.dialed() != null && subject.text().equals(c.dialed().toString()));
            case HOST -> c.host().equals(subject.text());
        };
    }
}
