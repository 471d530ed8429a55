package org.qenex.security.internal.login;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.qenex.api.testing.ManualClock;

public class FailureLogTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> lines = new ArrayList<>();
    private final FailureLog log = new FailureLog(clock, lines::add, 3, 60);

    @Test
    public void logsABurstThenAtItsRateAndCountsWhatItDropped() {
        for (int i = 0; i < 100; i++) {
            log.failure("admin", "10.0.0." + i, "wrong user name or password");
        }
        assertEquals(3, lines.size());
        assertEquals("login failed: user 'admin' from 10.0.0.0: wrong user name or password", lines.get(0));

        clock.advance(Duration.ofSeconds(1));
        log.failure("bob", "10.0.0.200", "wrong user name or password");
        assertEquals(4, lines.size());
        assertTrue(lines.get(3), lines.get(3).endsWith("(97 more failures not logged since the last line)"));

        log.failure("bob", "10.0.0.200", "again");
        assertEquals("one a second", 4, lines.size());
    }

    @Test
    public void aUserNameCannotForgeLogLines() {
        log.failure("evil\nINFO all good\r", "10.0.0.1", "wrong user name or password");
        assertFalse(lines.get(0).contains("\n"));
        assertTrue(lines.get(0).contains("'evil?INFO all good?'"));
    }
}
