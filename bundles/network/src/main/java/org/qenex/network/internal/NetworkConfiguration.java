package org.qenex.network.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX network", description = "The peer-to-peer transport: where the node listens, whom it dials, "
        + "and the limits that keep a hostile peer from costing it more than a connection (docs/network.md)")
public @interface NetworkConfiguration {

    @AttributeDefinition(name = "Bind address", description = "The address the peer port listens on; 0.0.0.0 for every interface")
    String bindAddress() default "0.0.0.0";

    @AttributeDefinition(name = "Port", description = "The peer port (TLS 1.3); 0 picks a free one")
    int port() default 8333;

    @AttributeDefinition(name = "Seed peers", description = "host:port of nodes to dial at start ([v6]:port for IPv6)")
    String[] seeds() default {};

    @AttributeDefinition(name = "Outbound target", description = "How many outbound connections the node keeps")
    int outboundTarget() default 8;

    @AttributeDefinition(name = "Inbound limit", description = "The most inbound connections, handshaking ones included")
    int inboundLimit() default 32;

    @AttributeDefinition(name = "Largest frame (bytes)", description = "The largest frame payload accepted after the handshake "
            + "(a block is at most 1 MiB); a longer frame bans its sender")
    int maxFrameBytes() default 2 * 1024 * 1024;

    @AttributeDefinition(name = "Outbound queue per peer (bytes)", description = "A peer that lets more than this pile up "
            + "unread is disconnected")
    int outboundQueueBytes() default 8 * 1024 * 1024;

    @AttributeDefinition(name = "Messages per second per peer", description = "Above this a peer floods: the excess is "
            + "dropped and its score lowered")
    int maxMessagesPerSecond() default 500;

    @AttributeDefinition(name = "Handshake timeout (seconds)", description = "TLS and the QENEX handshake must complete within this")
    int handshakeTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Ban (minutes)", description = "How long a host whose score reached 0 is refused")
    int banMinutes() default 1440;

    @AttributeDefinition(name = "Ping interval (seconds)", description = "A PING on an otherwise quiet connection")
    int pingIntervalSeconds() default 30;

    @AttributeDefinition(name = "Idle timeout (seconds)", description = "A connection that receives nothing for this long is closed")
    int idleTimeoutSeconds() default 90;

    @AttributeDefinition(name = "I/O threads", description = "Netty event loop threads for every connection")
    int ioThreads() default 2;

    @AttributeDefinition(name = "Request timeout (seconds)", description = "A block or transaction request, or a request "
            + "for block hashes, unanswered this long is asked of another peer and counts as a stall against the slow one")
    int requestTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Blocks in flight per peer", description = "The catch-up's window: block requests "
            + "outstanding to one peer at once")
    int blocksInFlightPerPeer() default 16;

    @AttributeDefinition(name = "In sync within (blocks)", description = "The node is in sync while at most this many blocks "
            + "behind its best peer; further behind, the network's health check is DEGRADED")
    int maxBlocksBehind() default 10;
}
