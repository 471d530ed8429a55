package org.qenex.network.internal.peer;

import java.time.Duration;

/**
 * The limits of gossip and catch-up ({@code docs/network.md}, "Gossip" and "Catch-up").
 *
 * @param requestTimeout how long a GET_DATA or GET_BLOCKS may stay unanswered before it is asked
 *        of another peer and counted as a stall against this one
 * @param blocksInFlightPerPeer the window of block requests outstanding to one peer during catch-up
 * @param maxBlocksBehind how far behind the best peer the node may be and still be in sync (health)
 * @param maxFrameBytes the frame limit, so that a TRANSACTIONS answer is split to fit it
 */
public record RelaySettings(Duration requestTimeout, int blocksInFlightPerPeer, int maxBlocksBehind, int maxFrameBytes) {

    public RelaySettings {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || blocksInFlightPerPeer < 1 || maxBlocksBehind < 0) {
            throw new IllegalArgumentException("requestTimeout > 0, blocksInFlightPerPeer >= 1, maxBlocksBehind >= 0");
        }
    }

    public static RelaySettings defaults(int maxFrameBytes) {
        return new RelaySettings(Duration.ofSeconds(10), 16, 10, maxFrameBytes);
    }
}
