package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

public class BanTermsTest {

    @Test
    public void aBanLastsFromAMinuteToAYear() {
        assertEquals(Duration.ofMinutes(1), BanTerms.minutes(1));
        assertEquals(Duration.ofDays(366), BanTerms.minutes(BanTerms.MAX_MINUTES));
        for (long wrong : new long[] {0, -5, BanTerms.MAX_MINUTES + 1, 153722867280912930L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            IllegalArgumentException refused = assertThrows(String.valueOf(wrong), IllegalArgumentException.class,
                    () -> BanTerms.minutes(wrong));
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("a ban lasts from 1 to 527040 minutes"));
        }
        assertEquals(Duration.ofHours(2), BanTerms.checked(Duration.ofHours(2)));
        for (Duration wrong : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(367),
                Duration.ofSeconds(Long.MAX_VALUE)}) {
            assertThrows(String.valueOf(wrong), IllegalArgumentException.class, () -> BanTerms.checked(wrong));
        }
    }

    @Test
    public void theReasonIsOnePrintableBoundedLine() {
        assertEquals("spam", BanTerms.reason("spam", "fallback"));
        assertEquals("fallback", BanTerms.reason(null, "fallback"));
        assertEquals("fallback", BanTerms.reason(" \n ", "fallback"));
        assertEquals("a   [31m", BanTerms.reason("a\u0000\n\u001b[31m", "fallback"));
        String long_ = BanTerms.reason("é".repeat(10_000), "fallback");
        assertEquals(BanTerms.MAX_REASON, long_.length());
        String emoji = BanTerms.reason("\uD83D\uDE00".repeat(300), "fallback");
        assertEquals("counted in code points, no pair cut in half", BanTerms.MAX_REASON, emoji.codePointCount(0, emoji.length()));
        assertEquals(2 * BanTerms.MAX_REASON, emoji.length());
    }
}
