package org.qenex.api.network;

/**
 * The network at one instant.
 *
 * @param listening whether the node accepts connections
 * @param bindAddress the address it listens on ({@code 0.0.0.0} for every interface)
 * @param port the port it listens on (the bound one when the configuration said 0)
 * @param nodeKey this node's network key, 64 hex digits (the Ed25519 public key its handshake proves)
 * @param protocolVersion the wire protocol version this node speaks
 * @param chainId the chain id peers must share
 * @param genesisHash the genesis block hash peers must share, 64 hex digits
 * @param outbound established connections this node opened
 * @param inbound established connections peers opened
 * @param outboundTarget how many outbound connections the node keeps
 * @param inboundLimit the most inbound connections it accepts
 * @param knownAddresses entries in the address book
 * @param bannedHosts bans in force now (node keys, addresses and hosts; the name is from 1.0.0)
 * @param sync the catch-up: height, target, rate, ETA (since 1.1.0)
 * @since 1.0.0
 */
public record NetworkStatus(boolean listening, String bindAddress, int port, String nodeKey, int protocolVersion,
        String chainId, String genesisHash, int outbound, int inbound, int outboundTarget, int inboundLimit,
        int knownAddresses, int bannedHosts, SyncStatus sync) {

    /**
     * The status of 1.0.0, without a catch-up: {@link SyncStatus#idle(long, int)} at height 0.
     *
     * @deprecated since 1.1.0; give the {@link SyncStatus}
     */
    @Deprecated
    public NetworkStatus(boolean listening, String bindAddress, int port, String nodeKey, int protocolVersion,
            String chainId, String genesisHash, int outbound, int inbound, int outboundTarget, int inboundLimit,
            int knownAddresses, int bannedHosts) {
        this(listening, bindAddress, port, nodeKey, protocolVersion, chainId, genesisHash, outbound, inbound, outboundTarget,
                inboundLimit, knownAddresses, bannedHosts, SyncStatus.idle(0, 0));
    }
}
