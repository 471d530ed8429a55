package org.qenex.security.internal.login;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.Test;
import org.qenex.api.testing.ManualClock;

public class LoginThrottleTest {

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, new LoginThrottle.Policy(3, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofMinutes(15), 100));

    @Test
    public void locksAfterTheFreeFailuresAndDoublesUpToTheMaximum() {
        assertTrue(throttle.failed("k").isEmpty());
        assertTrue(throttle.failed("k").isEmpty());
        assertTrue(throttle.lockedFor("k").isEmpty());

        assertEquals(Optional.of(Duration.ofSeconds(10)), throttle.failed("k"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), throttle.lockedFor("k"));
        assertEquals(Optional.of(Duration.ofSeconds(20)), throttle.failed("k"));
        assertEquals(Optional.of(Duration.ofSeconds(40)), throttle.failed("k"));
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.failed("k"));
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.failed("k"));
        assertTrue(throttle.lockedFor("other").isEmpty());
    }

    @Test
    public void aLockEndsWithItsTimeAndTheNextFailureLocksAgainForLonger() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("k");
        }
        clock.advance(Duration.ofSeconds(9));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.lockedFor("k"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(throttle.lockedFor("k").isEmpty());

        assertEquals("the key is still suspect", Optional.of(Duration.ofSeconds(20)), throttle.failed("k"));
    }

    @Test
    public void successAndQuietTimeForgetTheFailures() {
        throttle.failed("a");
        throttle.failed("a");
        throttle.succeeded("a");
        throttle.failed("a");
        throttle.failed("a");
        assertTrue(throttle.lockedFor("a").isEmpty());

        throttle.failed("b");
        throttle.failed("b");
        clock.advance(Duration.ofMinutes(15));
        assertTrue("two old failures and one new do not lock", throttle.failed("b").isEmpty());
    }

    @Test
    public void remembersABoundedNumberOfKeys() {
        for (int i = 0; i < 1000; i++) {
            throttle.failed("name" + i);
        }
        assertEquals(100, throttle.size());
    }
}
