package org.qenex.api.network;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's connections to other QENEX nodes: who is connected, which addresses are known, which
 * are banned, and the operator's changes to them. Provided by the network bundle.
 *
 * <p>An address is {@code host:port} ({@code [v6]:port} for IPv6); a ban is by host, so a banned
 * node cannot come back on another port.
 *
 * @since 1.0.0
 */
@ProviderType
public interface PeerNetwork {

    /** The listener, this node's network key and the connection counts. */
    NetworkStatus status();

    /** Peers whose handshake completed, oldest connection first. */
    List<PeerInfo> peers();

    /** The address book: seeds, addresses added by an operator and addresses learned from peers. */
    List<KnownAddress> addresses();

    /** Hosts refused until their ban expires. */
    List<BanInfo> bans();

    /**
     * Adds an address to the address book (persisted) and tries it at once.
     *
     * @throws IllegalArgumentException if {@code address} is not {@code host:port}
     */
    void addPeer(String address);

    /**
     * Removes an address from the address book and closes a connection to it.
     *
     * @return whether the address was known or connected
     * @throws IllegalArgumentException if {@code address} is not {@code host:port}
     */
    boolean removePeer(String address);

    /**
     * Bans a host (persisted): its connections are closed and new ones refused until the ban ends.
     *
     * @param host an IP address or host name; a {@code host:port} is accepted and its port ignored
     * @throws IllegalArgumentException if {@code host} is empty or malformed, or the duration not positive
     */
    void ban(String host, Duration duration, String reason);

    /**
     * Lifts a ban and forgets the host's misbehaviour score.
     *
     * @return whether the host was banned
     */
    boolean unban(String host);
}
