package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ClientRateLimiterTest {

    @Test
    public void limitsEachClientAndAllTogether() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 15);
        long t = 1_000_000_000L;
        int a = 0;
        for (int i = 0; i < 20; i++) {
            a += limiter.tryAcquire("10.0.0.1", t) ? 1 : 0;
        }
        assertEquals("a client's burst is its per-second rate", 10, a);
        int b = 0;
        for (int i = 0; i < 20; i++) {
            b += limiter.tryAcquire("10.0.0.2", t) ? 1 : 0;
        }
        assertEquals("what is left of the total", 5, b);
        assertFalse(limiter.tryAcquire("10.0.0.3", t));
        assertTrue("tokens come back with time", limiter.tryAcquire("10.0.0.1", t + 200_000_000L));
    }
}
