package org.qenex.chain.internal.production;

/**
 * What the block producer has done since the node started.
 *
 * @param running whether blocks are being produced
 * @param contributor the address improvement work is requested for, or empty
 * @param intervalMillis the block interval
 * @param blocksProduced blocks this node produced
 * @param proofsRewarded improvement proofs its blocks rewarded
 * @param unitsMinted units those proofs minted
 * @param lastError the last production failure, or empty
 * @param improverPresent whether an improvement source is bound
 * @param verifierPresent whether an improvement verifier is bound (without one nothing is minted)
 */
public record MiningStatus(boolean running, String contributor, long intervalMillis, long blocksProduced, long proofsRewarded,
        long unitsMinted, String lastError, boolean improverPresent, boolean verifierPresent) {
}
