package org.qenex.chain.internal.consensus;

import static org.junit.Assert.assertEquals;

import java.util.HexFormat;
import java.util.List;

import org.junit.Test;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.BlockHeader;

/** Slots, ranks, weights and when a validator's next turn comes, on three validators and 5 s slots. */
public class ProposerScheduleTest {

    private static final long G = TestChain.GENESIS_TIME;
    private final byte[] a = TestChain.key(1).publicKey();
    private final byte[] b = TestChain.key(2).publicKey();
    private final byte[] c = TestChain.key(3).publicKey();
    private final ProposerSchedule schedule = new ProposerSchedule(ChainParameters.defaults(TestChain.CHAIN_ID, G,
            List.of(HexFormat.of().formatHex(a), HexFormat.of().formatHex(b), HexFormat.of().formatHex(c))));

    @Test
    public void slotsRanksAndWeights() {
        assertEquals(0, schedule.slot(G));
        assertEquals(0, schedule.slot(G + 4_999));
        assertEquals(1, schedule.slot(G + 5_000));
        assertEquals(-1, schedule.slot(G - 1));
        assertEquals(1_666, schedule.graceMillis());
        // slot 1 is b's; c is one place behind, a two
        assertEquals(0, schedule.rank(b, 1));
        assertEquals(1, schedule.rank(c, 1));
        assertEquals(2, schedule.rank(a, 1));
        assertEquals(0, schedule.rank(a, 3));
        assertEquals(-1, schedule.rank(TestChain.key(9).publicKey(), 1));
        assertEquals(2, schedule.weight(header(1, G + 5_000, b)));
        assertEquals(1, schedule.weight(header(1, G + 6_666, c)));
        assertEquals(0, schedule.weight(header(0, G, new byte[32])));
    }

    @Test
    public void nextTurnInTurnAtTheSlotsStartOutOfTurnAfterItsGraceNeverTwiceInASlot() {
        // head: genesis; at G + 5,000 (slot 1) b may at once, c from 6,666, a from 8,332
        assertEquals(G + 5_000, schedule.nextTurn(b, G, G + 5_000));
        assertEquals(G + 6_666, schedule.nextTurn(c, G, G + 5_000));
        assertEquals(G + 8_332, schedule.nextTurn(a, G, G + 5_000));
        assertEquals("late is now", G + 7_000, schedule.nextTurn(c, G, G + 7_000));
        // slot 1 has its block: slot 2 is c's; a is one place behind (G + 10,000 + 1,666), b two (+ 3,332)
        assertEquals(G + 10_000, schedule.nextTurn(c, G + 5_000, G + 5_100));
        assertEquals(G + 11_666, schedule.nextTurn(a, G + 5_000, G + 5_100));
        assertEquals(G + 13_332, schedule.nextTurn(b, G + 5_000, G + 5_100));
        assertEquals(Long.MAX_VALUE, schedule.nextTurn(TestChain.key(9).publicKey(), G, G + 5_000));
    }

    private static BlockHeader header(long height, long time, byte[] producer) {
        return new BlockHeader(TestChain.CHAIN_ID, height, new byte[32], time, new byte[32], new byte[32], new byte[32], producer,
                0, 0);
    }
}
