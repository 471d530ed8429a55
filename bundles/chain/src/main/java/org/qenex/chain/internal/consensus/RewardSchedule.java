package org.qenex.chain.internal.consensus;

/**
 * How many units a verified improvement mints.
 *
 * <p>Era: the number of thresholds {@code cap - (cap >> k)}, k = 1, 2, ... that the minted
 * supply has reached (10.5M, 15.75M, 18.375M QXC, ...); the era's base reward is
 * {@code baseReward >> era}. A proof with best gain {@code g} ppm earns
 * {@code base * min(g, fullRewardGainPpm) / fullRewardGainPpm} (rounded down), and never more
 * than {@code cap - minted}. Gains below {@code minGainPpm} earn nothing and are refused.
 */
public final class RewardSchedule {

    private final ChainParameters params;

    public RewardSchedule(ChainParameters params) {
        this.params = params;
    }

    public int era(long minted) {
        long cap = params.maxSupply();
        int era = 0;
        while (era < 62 && minted >= cap - (cap >> (era + 1))) {
            era++;
        }
        return era;
    }

    public long baseReward(long minted) {
        int era = era(minted);
        return era >= 63 ? 0 : params.baseReward() >> era;
    }

    /** The reward for a proof of {@code gainPpm} when {@code minted} units exist. */
    public long reward(long minted, long gainPpm) {
        if (gainPpm < params.minGainPpm()) {
            return 0;
        }
        long scaled = Math.multiplyExact(baseReward(minted), Math.min(gainPpm, params.fullRewardGainPpm()))
                / params.fullRewardGainPpm();
        return Math.min(scaled, room(minted));
    }

    /** What may still be minted. */
    public long room(long minted) {
        return Math.subtractExact(params.maxSupply(), minted);
    }
}
