package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PeerScoresTest {

    @Test
    public void offencesAddUpToABanAndAreFirstOnlyOncePerCause() {
        PeerScores scores = new PeerScores();
        PeerScores.Verdict first = scores.penalize("10.0.0.1", Offence.MALFORMED_FRAME, 1_000);
        assertEquals(50, first.score());
        assertTrue(first.firstOfItsKind());
        assertFalse(first.banNow());
        PeerScores.Verdict second = scores.penalize("10.0.0.1", Offence.MALFORMED_FRAME, 1_000);
        assertFalse("logged once per cause", second.firstOfItsKind());
        assertTrue(second.banNow());
        assertEquals(100, scores.score("10.0.0.2", 1_000));
    }

    @Test
    public void aScoreRecoversAPointEveryTenSeconds() {
        PeerScores scores = new PeerScores();
        scores.penalize("10.0.0.1", Offence.FLOOD, 0);
        assertEquals(80, scores.score("10.0.0.1", 9_999));
        assertEquals(81, scores.score("10.0.0.1", 10_000));
        assertEquals(100, scores.score("10.0.0.1", 10_000_000));
        assertTrue("forgotten when whole: logged again", scores.penalize("10.0.0.1", Offence.FLOOD, 10_000_001).firstOfItsKind());
    }
}
