package org.qenex.chain.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class ClientRateLimiterTest {

    private static final long T = 1_000_000_000L;

    @Test
    public void limitsEachClientAndAllTogether() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 15);
        int a = 0;
        for (int i = 0; i < 20; i++) {
            a += limiter.tryAcquire("10.0.0.1", T) ? 1 : 0;
        }
        assertEquals("a client's burst is its per-second rate", 10, a);
        int b = 0;
        for (int i = 0; i < 20; i++) {
            b += limiter.tryAcquire("10.0.0.2", T) ? 1 : 0;
        }
        assertEquals("what is left of the total", 5, b);
        assertFalse(limiter.tryAcquire("10.0.0.3", T));
        assertTrue("tokens come back with time", limiter.tryAcquire("10.0.0.1", T + 200_000_000L));
    }

    @Test
    public void aRequestTheTotalRefusesTakesNothingFromItsClient() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 15);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire("10.0.0.1", T));
        }
        int b = 0;
        for (int i = 0; i < 20; i++) {
            b += limiter.tryAcquire("10.0.0.2", T) ? 1 : 0;
        }
        assertEquals(5, b);
        // 0.41 s later the total has 6 back and the second client 9 (4 of its 5 used, and 0.41 s): 6
        // pass; had the 15 refused requests been charged to it, it would wait 1.5 s more
        int later = 0;
        for (int i = 0; i < 20; i++) {
            later += limiter.tryAcquire("10.0.0.2", T + 410_000_000L) ? 1 : 0;
        }
        assertEquals(6, later);
    }

    @Test
    public void aBatchPassesWholeOrNotAtAll() {
        ClientRateLimiter limiter = new ClientRateLimiter(15, 100);
        assertFalse("deeper than the bucket", limiter.tryAcquire("10.0.0.1", T, 16));
        assertTrue("a whole second's worth", limiter.tryAcquire("10.0.0.1", T, 15));
        assertFalse(limiter.tryAcquire("10.0.0.1", T, 1));
        assertTrue("a second later", limiter.tryAcquire("10.0.0.1", T + T + 1_000, 15));
    }

    @Test
    public void aFractionalRateAdmitsWhatItsTokenBucketWould() {
        ClientRateLimiter limiter = new ClientRateLimiter(2.5, 100);
        assertTrue(limiter.tryAcquire("10.0.0.1", T, 2));
        assertFalse("2.5 tokens deep", limiter.tryAcquire("10.0.0.1", T, 1));
        assertTrue("0.5 left and 0.5 more after 0.2 s", limiter.tryAcquire("10.0.0.1", T + 200_000_000L));
        assertFalse(limiter.tryAcquire("10.0.0.1", T + 200_000_000L));
        assertFalse("a rate of zero admits nothing", new ClientRateLimiter(0, 100).tryAcquire("10.0.0.1", T));
    }

    @Test
    public void threadsRacingForTheSameBucketsGetExactlyTheirTokens() throws InterruptedException {
        ClientRateLimiter limiter = new ClientRateLimiter(600, 1000);
        AtomicInteger[] passed = { new AtomicInteger(), new AtomicInteger() };
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int client = t % 2;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 2_000; i++) {
                    if (limiter.tryAcquire("10.0.0." + client, T)) {
                        passed[client].incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals("the total's 1,000, no more, no fewer", 1000, passed[0].get() + passed[1].get());
        assertTrue("each client within its own 600: " + passed[0] + " " + passed[1],
                passed[0].get() <= 600 && passed[1].get() <= 600);
    }

    @Test
    public void theClientTableStaysBoundedAndForgetsFullBucketsFirst() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 1e9);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.tryAcquire("client-" + i, T));
        }
        assertEquals(10_000, limiter.clients());
        assertTrue(limiter.tryAcquire("one more", T));
        assertEquals("every bucket in use: a tenth forgotten anyway, and the new one", 9_001, limiter.clients());
        for (int i = 0; i < 999; i++) {
            assertTrue(limiter.tryAcquire("newer-" + i, T));
        }
        assertEquals("no pass over the table until it is full again", 10_000, limiter.clients());
        // two seconds later every bucket is full again, and forgetting them changes nothing
        assertTrue(limiter.tryAcquire("the next one", T + 2 * T));
        assertEquals(1, limiter.clients());
    }
}
