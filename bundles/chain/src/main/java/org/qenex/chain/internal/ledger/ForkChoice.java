package org.qenex.chain.internal.ledger;

import java.util.Arrays;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ProposerSchedule;

/**
 * Which of two branches from a common block is the main chain: the heavier one (the sum of its
 * blocks' {@link ProposerSchedule#weight weights}, in-turn blocks 2 and out-of-turn blocks 1); at
 * equal weight the one whose tip is in the earlier slot (as Aura's score prefers the chain that
 * skipped fewer steps), then the one whose tip hash is lower, compared as unsigned bytes. Every
 * node that holds both branches chooses the same one, whichever it saw first.
 *
 * <p>Why the slot before the hash: a large block that reaches the next slot's producer after it
 * built on the parent used to lose half the time (the hash is a coin toss), and its transactions
 * went back to the mempool to be included again; with the slot, the block of the earlier turn
 * wins as long as it arrives before a block is built on its sibling (docs/chain-format.md,
 * "Proposer schedule and fork choice").
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
        long candidateSlot = schedule.slot(candidate.header().timestampMillis());
        long headSlot = schedule.slot(head.header().timestampMillis());
        if (candidateSlot != headSlot) {
            return candidateSlot < headSlot;
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
