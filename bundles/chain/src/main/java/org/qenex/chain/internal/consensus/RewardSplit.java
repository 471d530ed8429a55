package org.qenex.chain.internal.consensus;

/**
 * The 80/20 split: the parent's share is {@code reward * parentShareBasisPoints / 10000} rounded
 * down, the account gets the rest, so the two always add up to the reward exactly.
 *
 * @param toAccount units credited to the contributor
 * @param toParent units credited to the contributor's parent (0 without a parent)
 */
public record RewardSplit(long toAccount, long toParent) {

    public static RewardSplit of(long reward, boolean hasParent, int parentShareBasisPoints) {
        if (reward < 0) {
            throw new IllegalArgumentException("negative reward");
        }
        if (!hasParent) {
            return new RewardSplit(reward, 0);
        }
        long parent = Math.multiplyExact(reward, (long) parentShareBasisPoints) / 10_000;
        return new RewardSplit(Math.subtractExact(reward, parent), parent);
    }
}
