package org.qenex.chain.internal.production;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.qenex.api.network.BanInfo;
import org.qenex.api.network.KnownAddress;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerInfo;
import org.qenex.api.network.PeerNetwork;
import org.qenex.api.network.SyncStatus;

/**
 * The network as the block producer's bootstrap rule sees it: how many peers are connected, this
 * node's height and the best peer's, in sync when at most {@link #MAX_BEHIND} behind (the network
 * bundle's default). Everything else is unsupported.
 */
public final class FakePeerNetwork implements PeerNetwork {

    public static final int MAX_BEHIND = 10;

    private final IntSupplier peers;
    private final LongSupplier height;
    private final LongSupplier target;

    public FakePeerNetwork(IntSupplier peers, LongSupplier height, LongSupplier target) {
        this.peers = peers;
        this.height = height;
        this.target = target;
    }

    @Override
    public NetworkStatus status() {
        long h = height.getAsLong();
        long t = Math.max(h, target.getAsLong());
        SyncStatus sync = new SyncStatus(t - h <= MAX_BEHIND, t > h, h, t, 0, -1, MAX_BEHIND, "");
        return new NetworkStatus(true, "127.0.0.1", 0, "00".repeat(32), 1, "test", "00".repeat(32), peers.getAsInt(), 0, 8, 32,
                0, 0, sync);
    }

    @Override
    public List<PeerInfo> peers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<KnownAddress> addresses() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<BanInfo> bans() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addPeer(String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removePeer(String address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void ban(String host, Duration duration, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean unban(String host) {
        throw new UnsupportedOperationException();
    }
}
