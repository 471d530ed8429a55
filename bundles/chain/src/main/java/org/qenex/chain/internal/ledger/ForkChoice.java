package org.qenex.chain.internal.ledger;

import java.util.Arrays;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ProposerSchedule;

/**
 * Which of two branches from a common block is the main chain: the heavier one (the sum of its
 * blocks' {@link ProposerSchedule#weight weights}, in-turn blocks 2 and out-of-turn blocks 1);
 * at equal weight the one whose tip hash is lower, compared as unsigned bytes. The tie-break is
 * deterministic, so every node that holds both branches chooses the same one, whichever it saw first.
 */
final class ForkChoice {

    private final StoredBlocks blocks;
    private final ProposerSchedule schedule;

    ForkChoice(StoredBlocks blocks, ProposerSchedule schedule) {
        this.blocks = blocks;
        this.schedule = schedule;
    }

    /** Whether {@code candidate}'s branch beats {@code head}'s; both leave from {@code fork}, and both are stored. */
    boolean prefers(Block candidate, Block head, Block fork) {
        long challenger = weightAbove(candidate, fork);
        long incumbent = weightAbove(head, fork);
        if (challenger != incumbent) {
            return challenger > incumbent;
        }
        return Arrays.compareUnsigned(candidate.hash(), head.hash()) < 0;
    }

    /** The weight of the blocks above {@code fork} up to {@code tip}: at most the finality depth of them. */
    long weightAbove(Block tip, Block fork) {
        long weight = 0;
        for (Block b = tip; b.height() > fork.height(); b = blocks.load(b.header().previousHash())) {
            weight += schedule.weight(b.header());
        }
        return weight;
    }
}
