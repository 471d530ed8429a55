package org.qenex.network.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerNetwork;
import org.qenex.network.internal.peer.BanTerms;

/**
 * {@code GET /api/v1/network/status} and {@code /peers} (role viewer); adding, removing, banning
 * and unbanning (role admin). Bodies are JSON: {@code {"address": "host:port"}},
 * {@code {"host": "1.2.3.4", "minutes": 60, "reason": "..."}}.
 */
@Component(name = "org.qenex.network.http", service = ApiResource.class)
public final class NetworkResource implements ApiResource {

    /** The body of {@code POST /v1/network/peers}. */
    public record AddPeer(String address) {
    }

    /** The body of {@code POST /v1/network/bans}. */
    public record Ban(String host, Long minutes, String reason) {
    }

    private final PeerNetwork network;

    @Activate
    public NetworkResource(@Reference PeerNetwork network) {
        this.network = network;
    }

    @Route(method = "GET", path = "/v1/network/status", role = ApiContext.ROLE_VIEWER,
            summary = "The listener, this node's network key, chain and connection counts")
    public NetworkStatus status() {
        return network.status();
    }

    @Route(method = "GET", path = "/v1/network/peers", role = ApiContext.ROLE_VIEWER,
            summary = "Connected peers, the address book and the bans")
    public Map<String, Object> peers() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("peers", network.peers());
        body.put("addresses", network.addresses());
        body.put("bans", network.bans());
        return body;
    }

    @Route(method = "POST", path = "/v1/network/peers", role = ApiContext.ROLE_ADMIN,
            summary = "Adds host:port to the address book and dials it")
    public Map<String, Object> add(ApiRequest request) {
        String address = ApiRequest.required(request.body(AddPeer.class), "body").address();
        network.addPeer(ApiRequest.required(address, "address"));
        return Map.of("added", address);
    }

    @Route(method = "DELETE", path = "/v1/network/peers/{address}", role = ApiContext.ROLE_ADMIN,
            summary = "Removes host:port from the address book and disconnects it")
    public void remove(ApiRequest request) {
        String address = request.pathParameter("address");
        if (!network.removePeer(address)) {
            throw ApiException.notFound("unknown_peer", address + " is neither in the address book nor connected");
        }
    }

    @Route(method = "POST", path = "/v1/network/bans", role = ApiContext.ROLE_ADMIN,
            summary = "Bans a peer (host: its node key, IP:port, or an IP address for every peer on it) for some minutes "
                    + "(default 1440) and disconnects it")
    public Map<String, Object> ban(ApiRequest request) {
        Ban ban = ApiRequest.required(request.body(Ban.class), "body");
        String host = ApiRequest.required(ban.host(), "host");
        long minutes = ban.minutes() == null ? 1440 : ban.minutes();
        network.ban(host, BanTerms.minutes(minutes), ban.reason() == null ? "banned by admin " + request.user() : ban.reason());
        return Map.of("banned", host, "minutes", minutes);
    }

    @Route(method = "DELETE", path = "/v1/network/bans/{host}", role = ApiContext.ROLE_ADMIN, summary = "Lifts a ban")
    public void unban(ApiRequest request) {
        String host = request.pathParameter("host");
        if (!network.unban(host)) {
            throw ApiException.notFound("not_banned", host + " is not banned");
        }
    }

    @Override
    public ApiException error(Exception failure) {
        if (failure instanceof IllegalArgumentException) {
            return ApiException.badRequest("bad_request", failure.getMessage());
        }
        return null;
    }
}
