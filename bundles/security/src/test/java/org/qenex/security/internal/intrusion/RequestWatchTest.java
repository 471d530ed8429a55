package org.qenex.security.internal.intrusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.testing.ManualClock;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.RecordingAuditTrail;

/** What the gateway audits: every change on its own, signed transfer submits summarised per client and interval. */
public class RequestWatchTest {

    private static final String SUBMIT = "/v1/chain/transactions";

    private final ManualClock clock = new ManualClock();
    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final IntrusionDetector detector = IntrusionBench.detector(
            Map.of("anomalyEnabled", false, "neverBlock", new String[] {"10.0.0.1", "10.0.0.2"}), clock, audit,
            Runnable::run, null, null);
    private final RequestWatch watch = new RequestWatch(TestConfigs.audit(Map.of()), audit, detector, clock, null);

    @After
    public void stop() {
        IntrusionBench.stop(detector);
    }

    private static FinishedRequest request(String address, String user, String method, String path, int status) {
        return new FinishedRequest(address, user, method, path, status, 3_000_000L, 250, user != null);
    }

    @Test
    public void transferSubmitsAreOneRecordPerClientAndStatusPerInterval() {
        String start = clock.instant().toString();
        for (int i = 0; i < 3; i++) {
            watch.finished(request("10.0.0.1", null, "POST", SUBMIT, 201));
        }
        watch.finished(request("10.0.0.1", null, "POST", SUBMIT, 400));
        watch.finished(request("10.0.0.2", null, "POST", SUBMIT, 201));
        watch.finished(request("10.0.0.2", "olga", "POST", "/v1/users", 201));
        assertEquals("other changes are recorded at once, one by one", List.of("POST /api/v1/users"),
                audit.entries.stream().map(AuditEntry::action).toList());

        clock.advance(Duration.ofSeconds(60));
        watch.flushSummaries();
        Map<String, AuditEntry> summaries = audit.entries.stream().skip(1)
                .collect(Collectors.toMap(e -> e.address() + " " + e.outcome(), e -> e));
        assertEquals(3, summaries.size());
        AuditEntry busiest = summaries.get("10.0.0.1 201");
        assertEquals("anonymous", busiest.actor());
        assertEquals("rest", busiest.route());
        assertEquals("POST /api/v1/chain/transactions", busiest.action());
        assertTrue(busiest.detail(), busiest.detail().startsWith("3 requests from " + start + " to "
                + clock.instant() + " (summarised), body 750 bytes in all, slowest took 3 ms"));
        assertTrue(summaries.get("10.0.0.1 400").detail().startsWith("1 requests"));
        assertTrue(summaries.get("10.0.0.2 201").detail().startsWith("1 requests"));

        watch.flushSummaries();
        assertEquals("nothing counted, nothing written", 4, audit.entries.size());
    }

    @Test
    public void aSubmitRefusedForItsCredentialsIsStillRecordedAlone() {
        watch.finished(request("10.0.0.1", null, "POST", SUBMIT, 403));
        watch.finished(new FinishedRequest("10.0.0.1", null, "POST", SUBMIT, 401, 1_000_000L, 0, true));
        assertEquals(List.of("403", "401"), audit.entries.stream().map(AuditEntry::outcome).toList());
    }

    @Test
    public void stoppingTheComponentWritesWhatItCounted() {
        watch.finished(request("10.0.0.1", null, "POST", SUBMIT, 201));
        watch.deactivate();
        assertEquals(1, audit.entries.size());
        assertTrue(audit.entries.get(0).detail(), audit.entries.get(0).detail().startsWith("1 requests"));
    }

    @Test
    public void readsAreNotAuditedAndNothingElseIsSummarisedByDefault() {
        watch.finished(request("10.0.0.1", "olga", "GET", SUBMIT, 200));
        watch.finished(request("10.0.0.1", "olga", "POST", "/v1/wallets/main/send", 201));
        assertEquals(List.of("POST /api/v1/wallets/main/send"), audit.entries.stream().map(AuditEntry::action).toList());
    }
}
