package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.qenex.chain.internal.consensus.ChainParameters;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.consensus.RewardSchedule;
import org.qenex.chain.internal.consensus.RewardSplit;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.crypto.Base32;

/** Reward schedule boundaries, split rounding, amounts and addresses. */
public class MoneyRulesTest {

    private final ChainParameters params = TestChain.params();
    private final RewardSchedule schedule = new RewardSchedule(params);
    private static final long QXC = Qxc.UNITS_PER_QXC;

    @Test
    public void halvesEachTimeMintedSupplyCrossesHalfOfWhatRemains() {
        long cap = 21_000_000 * QXC;
        assertEquals(0, schedule.era(0));
        assertEquals(0, schedule.era(10_500_000 * QXC - 1));
        assertEquals(1, schedule.era(10_500_000 * QXC));
        assertEquals(1, schedule.era(15_750_000 * QXC - 1));
        assertEquals(2, schedule.era(15_750_000 * QXC));
        assertEquals(3, schedule.era(18_375_000 * QXC));
        assertEquals(50 * QXC, schedule.baseReward(10_500_000 * QXC - 1));
        assertEquals(25 * QXC, schedule.baseReward(10_500_000 * QXC));
        assertEquals(12.5 * QXC, schedule.baseReward(15_750_000 * QXC), 0);
        assertEquals(0, schedule.reward(cap, 10_000));
        assertEquals("the base reward is exhausted (era 33) before the last units", 0, schedule.reward(cap - 7, 10_000));
        assertEquals(33, schedule.era(cap - (cap >> 33)));
        assertEquals(0, schedule.baseReward(cap - (cap >> 33)));
        assertEquals("era 32 pays one unit", 1, schedule.baseReward(cap - (cap >> 33) - 1));
        ChainParameters small = new ChainParameters("small", 0, params.validators(), 5_000, 1 << 20, 512, 1_000, 6,
                15_000, 50 * QXC, 60 * QXC, 2_000, 10_000, 1);
        RewardSchedule smallSchedule = new RewardSchedule(small);
        assertEquals(2, smallSchedule.era(50 * QXC));
        assertEquals("12.5 QXC by the schedule, capped to the 10 QXC that remain", 10 * QXC, smallSchedule.reward(50 * QXC, 10_000));
    }

    @Test
    public void scalesByGainWithinBounds() {
        assertEquals(0, schedule.reward(0, 0));
        assertEquals(0, schedule.reward(0, -5));
        assertEquals(50 * QXC / 10_000, schedule.reward(0, 1));
        assertEquals(25 * QXC, schedule.reward(0, 5_000));
        assertEquals(50 * QXC, schedule.reward(0, 10_000));
        assertEquals("above full gain the reward stays at the base", 50 * QXC, schedule.reward(0, 900_000));
    }

    @Test
    public void splitNeverCreatesOrLosesAUnit() {
        assertEquals(new RewardSplit(1, 0), RewardSplit.of(1, true, 2_000));
        assertEquals(new RewardSplit(4, 0), RewardSplit.of(4, true, 2_000));
        assertEquals(new RewardSplit(4, 1), RewardSplit.of(5, true, 2_000));
        assertEquals(new RewardSplit(6, 1), RewardSplit.of(7, true, 2_000));
        assertEquals(new RewardSplit(40 * QXC, 10 * QXC), RewardSplit.of(50 * QXC, true, 2_000));
        assertEquals(new RewardSplit(7, 0), RewardSplit.of(7, false, 2_000));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long reward = Math.abs(random.nextLong() % (50 * QXC));
            int bps = random.nextInt(10_001);
            RewardSplit split = RewardSplit.of(reward, true, bps);
            assertEquals(reward, split.toAccount() + split.toParent());
            assertTrue(split.toParent() <= split.toAccount() || bps > 5_000);
        }
    }

    @Test
    public void amountsAreExactIntegers() {
        assertEquals(1_250_000_000L, Qxc.parse("12.5"));
        assertEquals(1, Qxc.parse("0.00000001"));
        assertEquals("12.5", Qxc.format(1_250_000_000L));
        for (String bad : List.of("-1", "0.000000001", "21000000.00000001", "abc")) {
            try {
                Qxc.parse(bad);
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void mistypedAddressesAreRejected() {
        String address = TestChain.key(3).address();
        assertEquals(Address.LENGTH, address.length());
        assertTrue(Address.isValid(address));
        for (int i = 3; i < address.length(); i++) {
            char c = address.charAt(i);
            char other = c == 'a' ? 'b' : 'a';
            String typo = address.substring(0, i) + other + address.substring(i + 1);
            assertFalse("typo at " + i, Address.isValid(typo));
        }
        assertFalse(Address.isValid(address.substring(0, 41)));
        assertFalse(Address.isValid("qx2" + address.substring(3)));
        byte[] data = new byte[] {1, 2, 3, (byte) 0xFF, 0};
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3, (byte) -1, (byte) 0),
                List.of(box(Base32.decode(Base32.encode(data)))));
    }

    private static Byte[] box(byte[] b) {
        Byte[] out = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }
}
