package org.qenex.chain.internal.wallet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WalletStoreTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** 24 parallel unlocks at 32 MiB each ended the node (out of heap): scrypt runs a few at a time, the rest wait. */
    @Test(timeout = 60_000)
    public void noMoreThanAFewStretchesRunAtOnceAndEveryOneRuns() throws Exception {
        WalletStore store = new WalletStore(temp.getRoot().toPath(), 1 << 10, new SecureRandom());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(24);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                results.add(callers.submit(() -> store.stretching(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return n;
                })));
            }
            int sum = 0;
            for (Future<Integer> result : results) {
                sum += result.get();
            }
            assertEquals("every caller got its turn", 23 * 24 / 2, sum);
            assertTrue("at most " + WalletStore.CONCURRENT_STRETCHES + " at once, saw " + most.get(),
                    most.get() <= WalletStore.CONCURRENT_STRETCHES);
            assertTrue("they did overlap: the bound, not a single lock, held them", most.get() == WalletStore.CONCURRENT_STRETCHES);
        } finally {
            callers.shutdownNow();
        }
    }
}
