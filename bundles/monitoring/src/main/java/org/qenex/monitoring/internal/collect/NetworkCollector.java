package org.qenex.monitoring.internal.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerNetwork;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** The peer-to-peer network's connections, address book and bans, from {@link PeerNetwork#status()}; active while the network bundle runs. */
@Component(service = MultiCollector.class)
public final class NetworkCollector implements MultiCollector {

    private final PeerNetwork network;

    @Activate
    public NetworkCollector(@Reference PeerNetwork network) {
        this.network = network;
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        Families.Selection families = Families.select(included);
        if (!List.of("qenex_network_peers", "qenex_network_outbound_target", "qenex_network_listening",
                "qenex_network_known_addresses", "qenex_network_banned_hosts").stream().anyMatch(families::wants)) {
            return families.snapshots();
        }
        NetworkStatus status = network.status();
        Map<String, Integer> peers = new LinkedHashMap<>();
        peers.put("inbound", status.inbound());
        peers.put("outbound", status.outbound());
        return families
                .add("qenex_network_peers", () -> Families.gauge("qenex_network_peers",
                        "Connected, authenticated peers, by who dialled (inbound, outbound).", null, "direction", peers))
                .add("qenex_network_outbound_target", () -> Families.gauge("qenex_network_outbound_target",
                        "Outbound connections the node tries to keep.", null, status.outboundTarget()))
                .add("qenex_network_listening", () -> Families.gauge("qenex_network_listening",
                        "1 while the node accepts peer connections, else 0.", null, status.listening() ? 1 : 0))
                .add("qenex_network_known_addresses", () -> Families.gauge("qenex_network_known_addresses",
                        "Peer addresses in the node's address book.", null, status.knownAddresses()))
                .add("qenex_network_banned_hosts", () -> Families.gauge("qenex_network_banned_hosts",
                        "Bans in force now: node keys, IP:port addresses and hosts.", null, status.bannedHosts()))
                .snapshots();
    }
}
