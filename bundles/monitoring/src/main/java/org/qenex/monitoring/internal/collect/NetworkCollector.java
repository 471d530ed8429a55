package org.qenex.monitoring.internal.collect;

import java.util.LinkedHashMap;
import java.util.Map;

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
        NetworkStatus status = network.status();
        Map<String, Integer> peers = new LinkedHashMap<>();
        peers.put("inbound", status.inbound());
        peers.put("outbound", status.outbound());
        return MetricSnapshots.of(
                Families.gauge("qenex_network_peers", "Connected, authenticated peers, by who dialled (inbound, outbound).",
                        null, "direction", peers),
                Families.gauge("qenex_network_outbound_target", "Outbound connections the node tries to keep.", null,
                        status.outboundTarget()),
                Families.gauge("qenex_network_listening", "1 while the node accepts peer connections, else 0.", null,
                        status.listening() ? 1 : 0),
                Families.gauge("qenex_network_known_addresses", "Peer addresses in the node's address book.", null,
                        status.knownAddresses()),
                Families.gauge("qenex_network_banned_hosts", "Bans in force now: node keys, IP:port addresses and hosts.", null, status.bannedHosts()));
    }
}
