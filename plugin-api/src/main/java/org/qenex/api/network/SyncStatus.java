package org.qenex.api.network;

/**
 * How far the node's chain is from its peers', and how fast it catches up.
 *
 * @param inSync whether the node is at most {@code maxBlocksBehind} blocks behind its best peer (a
 *        node without peers counts as in sync: it has no one to be behind)
 * @param syncing whether a catch-up is running (blocks are being fetched by locator)
 * @param height the height of this node's head
 * @param targetHeight the highest head a peer announced (peers whose branch was refused as too
 *        deep are left out); {@code height} when no peer is ahead
 * @param blocksPerSecond blocks imported per second over the last 10 s of the catch-up, 0 when idle
 * @param etaSeconds seconds until {@code targetHeight} at that rate, -1 when unknown or idle
 * @param maxBlocksBehind how many blocks behind the node may be and still be in sync
 * @param refusedBranch why a peer's branch was last refused for reorganising deeper than the
 *        finality depth ({@code TOO_DEEP}), with the peer; empty if none was
 * @since 1.1.0
 */
public record SyncStatus(boolean inSync, boolean syncing, long height, long targetHeight, double blocksPerSecond,
        long etaSeconds, int maxBlocksBehind, String refusedBranch) {

    /** A node that has no ledger to sync, or no peer ahead. */
    public static SyncStatus idle(long height, int maxBlocksBehind) {
        return new SyncStatus(true, false, height, height, 0, -1, maxBlocksBehind, "");
    }
}
