package org.qenex.chain.internal.production;

/**
 * What the block producer and the improvement mining have done since the node started.
 *
 * @param running whether improvement mining is on ({@code qenex:mine start})
 * @param contributor the address improvement work is requested for, or empty
 * @param intervalMillis the genesis block interval (the slot length)
 * @param validator whether this node's key is a genesis validator (it produces its turns), else a follower
 * @param validators how many validators take turns
 * @param blocksProduced blocks this node produced
 * @param proofsRewarded improvement proofs its blocks rewarded
 * @param unitsMinted units those proofs minted
 * @param lastError the last production failure, or empty
 * @param improverPresent whether an improvement source is bound
 * @param verifierPresent whether an improvement verifier is bound (without one nothing is minted)
 * @param waiting why this validator does not produce now (the bootstrap rule: no network, no peer yet,
 *        behind its best peer), or empty when it produces its turns (and for a follower)
 */
public record MiningStatus(boolean running, String contributor, long intervalMillis, boolean validator, int validators,
        long blocksProduced, long proofsRewarded, long unitsMinted, String lastError, boolean improverPresent,
        boolean verifierPresent, String waiting) {
}
