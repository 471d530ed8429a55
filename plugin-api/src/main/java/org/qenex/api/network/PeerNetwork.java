package org.qenex.api.network;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's connections to other QENEX nodes: who is connected, which addresses are known, which
 * are banned, and the operator's changes to them. Provided by the network bundle.
 *
 * <p>An address is {@code host:port} ({@code [v6]:port} for IPv6). A ban names a peer's node key
 * (its proven network identity: refused from any address), an address {@code ip:port}, or a whole
 * host by IP address (every peer on it; behind a NAT or on one machine, that is several nodes).
 * The node itself bans by key, or by address for misbehaviour before a key was proven.
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

    /** Node keys, addresses and hosts refused until their ban expires. */
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
     * Bans a peer (persisted): its connections are closed and new ones refused until the ban ends.
     *
     * @param peer a node key (64 hex digits), an address {@code ip:port} ({@code [v6]:port}), or an
     *        IP address for every peer on that host
     * @throws IllegalArgumentException if {@code peer} is none of these (a host name included), or
     *         the duration not positive
     * @since 1.2.0 (a key or an address; before, every form banned the whole host)
     */
    void ban(String peer, Duration duration, String reason);

    /**
     * Lifts a ban and forgets that key's, address's or host's misbehaviour score; addresses waiting
     * out a backoff are tried again at once.
     *
     * @param peer as for {@link #ban}
     * @return whether it was banned
     */
    boolean unban(String peer);
}
