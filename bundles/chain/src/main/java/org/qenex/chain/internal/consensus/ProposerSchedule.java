package org.qenex.chain.internal.consensus;

import java.util.HexFormat;
import java.util.List;

import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;

/**
 * Who may make a block when (Aura/Clique style). Time is cut in slots of {@code blockIntervalMillis}
 * from {@code genesisTimeMillis}; a block's slot is its timestamp's ({@code floor((timestamp -
 * genesisTime) / interval)}, the genesis block's is 0), so the header needs no field of its own.
 * The in-turn proposer of slot {@code s} is {@code validators[s mod N]}. Another validator is
 * {@code rank = (its index - s) mod N} places behind it and may make the slot's block only once
 * {@code rank * grace} has passed since the slot began, with {@code grace = interval / N}: so one
 * validator down costs its slots a delay of one grace, never the chain, and all ranks fit in the
 * slot. A chain's weight is the sum of its blocks' weights: 2 for an in-turn block, 1 otherwise
 * (as Clique's difficulty), so an in-turn block wins over an out-of-turn one at the same height.
 */
public final class ProposerSchedule {

    public static final int IN_TURN_WEIGHT = 2;
    public static final int OUT_OF_TURN_WEIGHT = 1;

    private final long genesisTime;
    private final long interval;
    private final List<String> validators;
    private final long grace;

    public ProposerSchedule(ChainParameters params) {
        this.genesisTime = params.genesisTimeMillis();
        this.interval = params.blockIntervalMillis();
        this.validators = params.validators();
        this.grace = interval / validators.size();
    }

    /** The slot of a timestamp; negative before genesis. */
    public long slot(long timestampMillis) {
        return Math.floorDiv(timestampMillis - genesisTime, interval);
    }

    public long slotStart(long slot) {
        return genesisTime + slot * interval;
    }

    public long graceMillis() {
        return grace;
    }

    /** How many places behind the slot's in-turn proposer {@code producerKey} is: 0 in turn, -1 not a validator. */
    public int rank(byte[] producerKey, long slot) {
        int index = validators.indexOf(HexFormat.of().formatHex(producerKey));
        return index < 0 ? -1 : (int) Math.floorMod(index - slot, (long) validators.size());
    }

    /** The earliest moment {@code rank} may make slot {@code slot}'s block. */
    public long earliest(int rank, long slot) {
        return slotStart(slot) + rank * grace;
    }

    /** The fork-choice weight of a block (genesis weighs nothing). */
    public int weight(BlockHeader header) {
        if (header.height() == 0) {
            return 0;
        }
        return rank(header.producerKey(), slot(header.timestampMillis())) == 0 ? IN_TURN_WEIGHT : OUT_OF_TURN_WEIGHT;
    }

    /**
     * The slot rules of a block by a known validator on {@code parent}: a slot after the parent's,
     * and, out of turn, not before its rank's grace has passed.
     */
    public void check(BlockHeader block, BlockHeader parent) throws ChainException {
        checkTurn(block.producerKey(), block.timestampMillis(), parent);
    }

    /** {@link #check} for a block not made yet: whether {@code producerKey} may make one at {@code timestamp}. */
    public void checkTurn(byte[] producerKey, long timestamp, BlockHeader parent) throws ChainException {
        long slot = slot(timestamp);
        long parentSlot = slot(parent.timestampMillis());
        if (slot <= parentSlot) {
            throw new ChainException(ChainError.SLOT_TAKEN, "slot " + slot + " is not after the parent's slot " + parentSlot);
        }
        int rank = rank(producerKey, slot);
        if (rank < 0) {
            throw new ChainException(ChainError.UNKNOWN_PRODUCER, "the producer is not a validator of this chain");
        }
        if (rank > 0 && timestamp < earliest(rank, slot)) {
            throw new ChainException(ChainError.OUT_OF_TURN_TOO_EARLY, "out of turn (rank " + rank + ") in slot " + slot
                    + " at " + (timestamp - slotStart(slot)) + " ms, allowed from " + rank * grace + " ms");
        }
    }

    /**
     * When {@code producerKey} may make a block on a head of timestamp {@code headTime}, seen at
     * {@code now}: {@code now} itself when it may, else the next moment it may (its own slot's
     * start, or its rank's grace into a slot), so a producer knows how long to wait.
     *
     * @return the time to produce at, or {@link Long#MAX_VALUE} for a key that is no validator
     */
    public long nextTurn(byte[] producerKey, long headTime, long now) {
        if (rank(producerKey, 0) < 0) {
            return Long.MAX_VALUE;
        }
        long slot = Math.max(slot(now), slot(headTime) + 1);
        while (true) {
            long at = Math.max(now, earliest(rank(producerKey, slot), slot));
            if (at < slotStart(slot + 1)) {
                return at;
            }
            slot++;
        }
    }
}
