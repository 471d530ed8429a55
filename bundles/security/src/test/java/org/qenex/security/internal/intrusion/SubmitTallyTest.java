package org.qenex.security.internal.intrusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.RecordingAuditTrail;

public class SubmitTallyTest {

    @Test
    public void flushesWhileRequestThreadsCountLoseNoCount() throws InterruptedException {
        RecordingAuditTrail audit = new RecordingAuditTrail();
        SubmitTally tally = new SubmitTally(audit, Instant.EPOCH);
        FinishedRequest submit = new FinishedRequest("10.0.0.1", null, "POST", "/v1/chain/transactions", 202,
                2_000_000L, 250, false);
        List<Thread> counters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread counter = new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    tally.count(submit);
                }
            });
            counters.add(counter);
        }
        AtomicBoolean counting = new AtomicBoolean(true);
        Thread flusher = new Thread(() -> {
            long second = 1;
            while (counting.get()) {
                tally.flush(Instant.ofEpochSecond(second++));
            }
        });
        flusher.start();
        counters.forEach(Thread::start);
        for (Thread counter : counters) {
            counter.join();
        }
        counting.set(false);
        flusher.join();
        tally.flush(Instant.ofEpochSecond(1_000_000_000L));

        long requests = 0;
        long bytes = 0;
        for (AuditEntry entry : audit.entries) {
            String[] words = entry.detail().split(" ");
            requests += Long.parseLong(words[0]);
            bytes += Long.parseLong(words[words.length - 8]);
            assertTrue(entry.detail(), entry.detail().endsWith("slowest took 2 ms"));
        }
        assertEquals(100_000, requests);
        assertEquals(100_000L * 250, bytes);
    }
}
