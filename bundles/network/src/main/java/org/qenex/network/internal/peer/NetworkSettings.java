package org.qenex.network.internal.peer;

import java.time.Duration;
import java.util.List;

import org.qenex.network.internal.wire.HostPort;

/**
 * What the engine needs from the configuration, checked once; the component builds it from
 * {@code org.qenex.network.cfg}, tests build it directly.
 */
public record NetworkSettings(String bindAddress, int port, List<HostPort> seeds, int outboundTarget, int inboundLimit,
        int maxFrameBytes, int outboundQueueBytes, int maxMessagesPerSecond, Duration handshakeTimeout,
        Duration banDuration, Duration pingInterval, Duration idleTimeout, int ioThreads, String agent) {

    /** The default peer port. */
    public static final int DEFAULT_PORT = 8333;
    /** The largest frame any node of protocol version 1 may be configured to accept. */
    public static final int MAX_FRAME_CEILING = 16 * 1024 * 1024;

    public NetworkSettings {
        seeds = List.copyOf(seeds);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0-65535");
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > MAX_FRAME_CEILING) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is not 1024-" + MAX_FRAME_CEILING);
        }
        if (outboundQueueBytes < maxFrameBytes) {
            throw new IllegalArgumentException("outboundQueueBytes " + outboundQueueBytes + " is below maxFrameBytes "
                    + maxFrameBytes + ": one frame must fit");
        }
        if (outboundTarget < 0 || inboundLimit < 0 || maxMessagesPerSecond < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("outboundTarget, inboundLimit >= 0; maxMessagesPerSecond, ioThreads >= 1");
        }
    }

    /** The defaults of {@code org.qenex.network.cfg}, on {@code bindAddress:port}. */
    public static NetworkSettings defaults(String bindAddress, int port, List<HostPort> seeds) {
        return new NetworkSettings(bindAddress, port, seeds, 8, 32, 2 * 1024 * 1024, 8 * 1024 * 1024, 500,
                Duration.ofSeconds(10), Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofSeconds(90), 2,
                "qenex/0.1");
    }
}
