package org.qenex.api.network;

/**
 * One authenticated peer connection.
 *
 * @param address the remote {@code host:port} of the connection
 * @param nodeKey the peer's network key, 64 hex digits, proven in the handshake
 * @param outbound whether this node opened the connection
 * @param connectedAtMillis when the handshake completed, ms since 1970
 * @param headHeight the height of the head the peer announced
 * @param headHash the hash of that head, 64 hex digits
 * @param agent the software the peer says it runs (unverified, for display)
 * @param score the host's misbehaviour score: 100 is clean, at 0 it is banned
 * @param bytesIn bytes received on the connection (after TLS)
 * @param bytesOut bytes sent on the connection (before TLS)
 * @since 1.0.0
 */
public record PeerInfo(String address, String nodeKey, boolean outbound, long connectedAtMillis, long headHeight,
        String headHash, String agent, int score, long bytesIn, long bytesOut) {
}
