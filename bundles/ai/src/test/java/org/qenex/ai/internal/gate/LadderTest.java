package org.qenex.ai.internal.gate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LadderTest {

    @Test
    public void showsAScoreRoundedToEtaOnlyWhenItBeatsTheBestByEta() {
        Ladder ladder = new Ladder(5_000, -1);
        Ladder.LadderStep first = ladder.submit(871_234);
        assertTrue(first.improved());
        assertEquals(870_000, first.shownPpm());

        Ladder.LadderStep slightlyBetter = ladder.submit(874_900);
        assertFalse("less than eta better: nothing new is revealed", slightlyBetter.improved());
        assertEquals(870_000, slightlyBetter.shownPpm());

        Ladder.LadderStep worse = ladder.submit(600_000);
        assertFalse(worse.improved());
        assertEquals(870_000, worse.shownPpm());

        Ladder.LadderStep better = ladder.submit(876_000);
        assertTrue(better.improved());
        assertEquals(875_000, better.shownPpm());
        assertEquals(875_000, ladder.bestPpm());
    }

    @Test
    public void resumesFromAStoredBest() {
        Ladder ladder = new Ladder(5_000, 900_000);
        assertFalse(ladder.submit(903_000).improved());
        assertTrue(ladder.submit(905_000).improved());
    }
}
