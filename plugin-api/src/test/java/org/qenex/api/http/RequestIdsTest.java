package org.qenex.api.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

public class RequestIdsTest {

    @Test
    public void aWellFormedClientIdIsKept() {
        assertEquals("order-42_retry.1", RequestIds.accept("order-42_retry.1"));
        String longest = "a".repeat(64);
        assertEquals(longest, RequestIds.accept(longest));
    }

    @Test
    public void anythingElseGetsANewIdOfSixteenHexDigits() {
        for (String bad : new String[] { null, "", "a".repeat(65), "two words", "line\nbreak", "<script>" }) {
            String id = RequestIds.accept(bad);
            assertTrue(bad + " -> " + id, id.matches("[0-9a-f]{16}"));
        }
    }

    @Test
    public void newIdsDoNotRepeatAcrossThreads() throws InterruptedException {
        Set<String> ids = Collections.synchronizedSet(new HashSet<>());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    ids.add(RequestIds.accept(null));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40_000, ids.size());
    }
}
