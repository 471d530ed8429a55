package org.qenex.network.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.ChainView;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.network.BanInfo;
import org.qenex.api.network.KnownAddress;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerInfo;
import org.qenex.api.network.PeerNetwork;
import org.qenex.api.network.SyncStatus;
import org.qenex.api.node.NodeContext;
import org.qenex.network.internal.handshake.NetworkKey;
import org.qenex.network.internal.handshake.PeerCertificate;
import org.qenex.network.internal.peer.NetworkSettings;
import org.qenex.network.internal.peer.PeerNetworkEngine;
import org.qenex.network.internal.peer.PeerTopic;
import org.qenex.network.internal.peer.RelaySettings;
import org.qenex.network.internal.wire.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's peer-to-peer network: its key, certificate, address book and bans in the bundle's data
 * folder ({@code data/qenex/network/}), the engine started for the component's life. A configuration
 * change restarts it (connections drop and are dialed again).
 */
@Component(service = {PeerNetwork.class, HealthCheck.class, BlockExchange.Listener.class}, configurationPid = "org.qenex.network",
        property = HealthCheck.NAME + "=network")
@Designate(ocd = NetworkConfiguration.class)
public final class NetworkComponent implements PeerNetwork, HealthCheck, BlockExchange.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkComponent.class);

    private final PeerNetworkEngine engine;
    private final boolean seeded;
    /** Seeds of the configuration that are not addresses: skipped, logged and shown in the health. */
    private final List<String> badSeeds = new ArrayList<>();

    // Optional: without EventAdmin the network runs, and nobody hears of its peers.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /**
     * The ledger's side of gossip and sync. Optional and dynamic: a node whose chain is not up (yet)
     * still connects, authenticates and exchanges addresses; it relays and fetches nothing until the
     * chain registers it, and the connections stay up when the chain restarts.
     *
     * <p>Bound as {@link ComponentServiceObjects} and got on first use, not at activation: the chain's
     * exchange binds this component as its {@link BlockExchange.Listener}, so getting the exchange
     * while either of the two is activating is a service-factory cycle (Felix logs
     * "ServiceFactory.getService() resulted in a cycle" and drops the binding).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentServiceObjects<BlockExchange> exchangeObjects;

    // the exchange got from exchangeObjects, and from which: a rebinding (greedy) makes it stale
    private volatile Got got;

    private record Got(ComponentServiceObjects<BlockExchange> from, BlockExchange exchange) {
    }

    @Activate
    public NetworkComponent(@Reference NodeContext node, @Reference ChainView chain, NetworkConfiguration config)
            throws IOException, GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        NetworkSettings settings = settings(config, badSeeds);
        badSeeds.forEach(problem -> LOG.error("network: {}", problem));
        this.seeded = !settings.seeds().isEmpty();
        RelaySettings relay = new RelaySettings(Duration.ofSeconds(config.requestTimeoutSeconds()), config.blocksInFlightPerPeer(),
                config.maxBlocksBehind(), settings.maxFrameBytes());
        PeerCertificate.forgetStored(node.dataFolder());
        this.engine = new PeerNetworkEngine(settings, relay, NetworkKey.loadOrCreate(node.dataFolder(), random),
                PeerCertificate.generate(node.nodeId(), random), chain, this::exchange, node.dataFolder(), random);
        // SCR sets the optional field after construction: read at each post.
        engine.postPeerChangesTo(new PeerTopic(() -> eventAdmin));
        engine.start();
    }

    /** The chain's exchange, got on first use after each (re)binding; {@code null} without a chain. */
    private BlockExchange exchange() {
        ComponentServiceObjects<BlockExchange> objects = exchangeObjects;
        if (objects == null) {
            return null;
        }
        Got current = got;
        if (current == null || current.from() != objects) {
            // SCR ungets what was got from an unbound ComponentServiceObjects itself
            current = new Got(objects, objects.getService());
            got = current;
        }
        return current.exchange();
    }

    @Override
    public void blockConnected(byte[] hash, long height, byte[] encoded) {
        engine.listener().blockConnected(hash, height, encoded);
    }

    @Override
    public void transactionAdmitted(byte[] id, byte[] encoded) {
        engine.listener().transactionAdmitted(id, encoded);
    }

    @Deactivate
    void deactivate() {
        engine.stop();
    }

    static NetworkSettings settings(NetworkConfiguration config) {
        return settings(config, new ArrayList<>());
    }

    /**
     * The settings, with each seed that is not {@code host:port} left out and described in
     * {@code badSeeds}: one typo must not keep the node from the other seeds, or from starting.
     */
    static NetworkSettings settings(NetworkConfiguration config, List<String> badSeeds) {
        List<HostPort> seeds = new ArrayList<>();
        // a .cfg line "seeds = a,b" reaches us as ONE string (only a .config file or Config Admin gives an
        // array): split every element on commas, so both forms docs/network.md shows work
        for (String element : config.seeds()) {
            for (String seed : element.split(",")) {
                if (!seed.isBlank()) {
                    try {
                        seeds.add(HostPort.parse(seed.strip(), NetworkSettings.DEFAULT_PORT));
                    } catch (IllegalArgumentException e) {
                        badSeeds.add("seed '" + seed.strip() + "' is not HOST:PORT (IPv6 as [address]:port): fix the seeds "
                                + "line of etc/org.qenex.network.cfg; the other seeds are used");
                    }
                }
            }
        }
        return new NetworkSettings(config.bindAddress(), config.port(), seeds, config.outboundTarget(), config.inboundLimit(),
                config.maxFrameBytes(), config.outboundQueueBytes(), config.maxMessagesPerSecond(),
                Duration.ofSeconds(config.handshakeTimeoutSeconds()), Duration.ofMinutes(config.banMinutes()),
                Duration.ofSeconds(config.pingIntervalSeconds()), Duration.ofSeconds(config.idleTimeoutSeconds()),
                config.ioThreads(), "qenex/0.1");
    }

    @Override
    public HealthResult check() {
        String problem = engine.listenProblem();
        if (problem != null) {
            return HealthResult.degraded(problem);
        }
        if (!badSeeds.isEmpty()) {
            return HealthResult.degraded(badSeeds.get(0));
        }
        return health(engine.status(), seeded);
    }

    /** DEGRADED without peers while seeds are configured, or while further behind the best peer than allowed. */
    static HealthResult health(NetworkStatus status, boolean seeded) {
        int peers = status.inbound() + status.outbound();
        if (peers == 0 && seeded) {
            return HealthResult.degraded("no peers although seeds are configured: check they run and are reachable");
        }
        SyncStatus sync = status.sync();
        String counts = peers + " peers (" + status.outbound() + " outbound, " + status.inbound() + " inbound), port "
                + status.port();
        if (!sync.inSync()) {
            return HealthResult.degraded("not in sync: height " + sync.height() + " of " + sync.targetHeight() + " ("
                    + (sync.targetHeight() - sync.height()) + " blocks behind, more than " + sync.maxBlocksBehind() + ")"
                    + (sync.etaSeconds() >= 0 ? String.format(java.util.Locale.ROOT, ", %.1f blocks/s, about %d s left", sync.blocksPerSecond(),
                            sync.etaSeconds()) : "")
                    + "; " + counts);
        }
        return HealthResult.up("in sync at height " + sync.height() + "; " + counts);
    }

    @Override
    public NetworkStatus status() {
        return engine.status();
    }

    @Override
    public List<PeerInfo> peers() {
        return engine.peers();
    }

    @Override
    public List<KnownAddress> addresses() {
        return engine.addresses();
    }

    @Override
    public List<BanInfo> bans() {
        return engine.bans();
    }

    @Override
    public void addPeer(String address) {
        engine.addPeer(address);
    }

    @Override
    public boolean removePeer(String address) {
        return engine.removePeer(address);
    }

    @Override
    public void ban(String host, Duration duration, String reason) {
        engine.ban(host, duration, reason);
    }

    @Override
    public boolean unban(String host) {
        return engine.unban(host);
    }
}
