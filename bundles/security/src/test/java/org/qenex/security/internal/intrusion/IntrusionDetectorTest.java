package org.qenex.security.internal.intrusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.testing.ManualClock;
import org.qenex.api.health.Incident;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.security.internal.audit.RecordingAuditTrail;

public class IntrusionDetectorTest {

    private static final String ATTACKER = "203.0.113.7";

    private final ManualClock clock = new ManualClock();
    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final RecordingIncidentLog incidents = new RecordingIncidentLog();
    private IntrusionDetector detector;

    private IntrusionDetector detector(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of("anomalyEnabled", false));
        settings.putAll(overrides);
        // Incidents are reported on the calling thread here, so the test sees them at once.
        detector = new IntrusionDetector(TestConfigs.intrusion(settings), clock, audit, Runnable::run, null);
        detector.setIncidentLog(incidents);
        return detector;
    }

    @After
    public void stop() {
        if (detector != null) {
            detector.deactivate();
        }
    }

    private static FinishedRequest request(String address, String method, String path, int status, boolean credentials) {
        return new FinishedRequest(address, credentials && status != 401 ? "alice" : null, method, path, status,
                1_000_000, 0, credentials);
    }

    private static FinishedRequest wrongPassword(String address) {
        return request(address, "GET", "/v1/status", 401, true);
    }

    @Test
    public void tenFailedLoginsFromOneAddressWithinAMinuteBlockItAndRaiseAnIncident() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 9; i++) {
            d.observe(wrongPassword(ATTACKER));
            clock.advance(Duration.ofMillis(5_000));
        }
        assertFalse(d.isBlocked(ATTACKER));
        assertTrue(incidents.reported().isEmpty());

        d.observe(wrongPassword(ATTACKER));

        assertTrue(d.isBlocked(ATTACKER));
        assertFalse(d.isBlocked("198.51.100.1"));
        assertEquals(1, incidents.reported().size());
        Incident incident = incidents.reported().get(0);
        assertEquals(IntrusionDetector.PART, incident.part());
        assertTrue(incident.cause(), incident.cause().contains("10 failed logins from " + ATTACKER));
        assertTrue(incident.action(), incident.action().startsWith("blocked " + ATTACKER + " for 900 s"));
        assertEquals("intrusion.brute-force", audit.entries.get(0).action());
        assertEquals("blocked", audit.entries.get(0).outcome());
    }

    @Test
    public void theLoginGuardsLockoutAnswersStillCountAsFailedLogins() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 5; i++) {
            d.observe(wrongPassword(ATTACKER));
        }
        // the login guard locks the user after 5 failures and answers 429 before any hash
        for (int i = 0; i < 4; i++) {
            d.observe(new FinishedRequest(ATTACKER, null, "GET", "/v1/status", 429, 1_000_000, 0, true));
        }
        assertFalse(d.isBlocked(ATTACKER));
        d.observe(new FinishedRequest(ATTACKER, null, "GET", "/v1/status", 429, 1_000_000, 0, true));
        assertTrue(d.isBlocked(ATTACKER));
    }

    @Test
    public void anAuthenticatedCallersRateLimitIsNoFailedLogin() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 20; i++) {
            d.observe(new FinishedRequest(ATTACKER, "alice", "POST", "/v1/ai/candidates", 429, 1_000_000, 0, true));
        }
        assertFalse(d.isBlocked(ATTACKER));
    }

    @Test
    public void failuresSpreadWiderThanTheWindowDoNotBlock() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 30; i++) {
            d.observe(wrongPassword(ATTACKER));
            clock.advance(Duration.ofMillis(7_000));
        }
        assertFalse(d.isBlocked(ATTACKER));
    }

    @Test
    public void aMissingPasswordIsNotAFailedLogin() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 20; i++) {
            d.observe(request(ATTACKER, "GET", "/v1/status", 401, false));
        }
        assertFalse(d.isBlocked(ATTACKER));
    }

    @Test
    public void sshFailuresCountTowardsTheSameAddress() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 5; i++) {
            d.loginFailed(ATTACKER, "admin");
            d.observe(wrongPassword(ATTACKER));
        }
        assertTrue(d.isBlocked(ATTACKER));
    }

    @Test
    public void aBlockEndsAfterItsTime() {
        IntrusionDetector d = detector(Map.of("blockSeconds", 60));
        for (int i = 0; i < 10; i++) {
            d.observe(wrongPassword(ATTACKER));
        }
        assertTrue(d.isBlocked(ATTACKER));
        clock.advance(Duration.ofMillis(59_000));
        assertTrue(d.isBlocked(ATTACKER));
        clock.advance(Duration.ofMillis(1_001));
        assertFalse(d.isBlocked(ATTACKER));
        // And the count started afresh: one more failure does not block again.
        d.observe(wrongPassword(ATTACKER));
        assertFalse(d.isBlocked(ATTACKER));
    }

    @Test
    public void manyUnknownPathsFromOneAddressAreAScan() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 100; i++) {
            d.observe(request(ATTACKER, "GET", "/v1/same-missing-path", 404, true));
        }
        assertFalse("one path asked often is not a scan", d.isBlocked(ATTACKER));
        for (int i = 0; i < 18; i++) {
            d.observe(request(ATTACKER, "GET", "/v1/probe-" + i, 404, true));
        }
        assertFalse(d.isBlocked(ATTACKER));
        d.observe(request(ATTACKER, "DELETE", "/v1/status", 405, true));
        assertTrue(d.isBlocked(ATTACKER));
        assertTrue(incidents.reported().get(0).cause().contains("20 distinct unknown paths"));
    }

    @Test
    public void moreThanSixHundredRequestsInTenSecondsAreAFlood() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 600; i++) {
            d.observe(request(ATTACKER, "GET", "/v1/status", 200, true));
            clock.advance(Duration.ofMillis(10));
        }
        assertFalse(d.isBlocked(ATTACKER));
        d.observe(request(ATTACKER, "GET", "/v1/status", 200, true));
        assertTrue(d.isBlocked(ATTACKER));
    }

    @Test
    public void aSteadyRateBelowTheFloodLimitIsFine() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 3_000; i++) {
            d.observe(request(ATTACKER, "GET", "/v1/status", 200, true));
            clock.advance(Duration.ofMillis(20));
        }
        assertFalse(d.isBlocked(ATTACKER));
    }

    @Test
    public void thirtyMalformedRequestsAreGarbage() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 28; i++) {
            d.observe(request(ATTACKER, "POST", "/v1/chain/transactions", i % 2 == 0 ? 400 : 413, false));
        }
        d.observe(request(ATTACKER, "POST", "/v1/chain/transactions", 422, false));
        assertFalse(d.isBlocked(ATTACKER));
        d.observe(request(ATTACKER, "POST", "/v1/chain/transactions", 400, false));
        assertTrue(d.isBlocked(ATTACKER));
        assertTrue(incidents.reported().get(0).cause().contains("malformed"));
    }

    @Test
    public void oneUserAttackedFromManyAddressesRaisesOneIncidentAndBlocksNoOne() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 40; i++) {
            d.loginFailed("198.51.100." + i, "admin");
        }
        assertEquals(1, incidents.reported().size());
        assertTrue(incidents.reported().get(0).cause().contains("as 'admin'"));
        assertTrue(d.blocked().isEmpty());
    }

    @Test
    public void neverBlockedAddressesRaiseAnIncidentButStayOpen() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 30; i++) {
            d.observe(wrongPassword("127.0.0.1"));
        }
        assertFalse(d.isBlocked("127.0.0.1"));
        assertEquals("one incident while the cooldown lasts", 1, incidents.reported().size());
        assertTrue(incidents.reported().get(0).action().contains("never blocked"));
    }

    @Test
    public void unblockLiftsABlockAtOnce() {
        IntrusionDetector d = detector(Map.of());
        for (int i = 0; i < 10; i++) {
            d.observe(wrongPassword(ATTACKER));
        }
        assertEquals(1, d.blocked().size());
        assertTrue(d.unblock(ATTACKER));
        assertFalse(d.isBlocked(ATTACKER));
    }

    @Test
    public void blocksSurviveARestartAndAKillUntilTheyExpire() throws Exception {
        Path folder = Files.createTempDirectory("intrusion-blocks");
        IntrusionDetector first = persistent(folder, Map.of());
        for (int i = 0; i < 10; i++) {
            first.observe(wrongPassword(ATTACKER));
            first.observe(wrongPassword("198.51.100.20"));
        }
        assertTrue(first.isBlocked(ATTACKER));
        assertTrue(first.unblock("198.51.100.20"));
        // Killed: no deactivate, the blocks file holds only what was appended as it happened.
        clock.advance(Duration.ofMillis(60_000));
        IntrusionDetector afterKill = persistent(folder, Map.of());
        assertTrue("a kill does not lift a block", afterKill.isBlocked(ATTACKER));
        assertFalse("a lifted block stays lifted", afterKill.isBlocked("198.51.100.20"));
        assertEquals(clock.millis() + 840_000, afterKill.blocked().get(0).until());
        assertTrue(afterKill.blocked().get(0).reason(), afterKill.blocked().get(0).reason().contains("10 failed logins"));
        afterKill.deactivate();
        assertEquals("the file is owner-only", "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(IntrusionDetector.BLOCKS_FILE))));

        // An orderly restart keeps it too, a line torn by a kill is skipped, and it ends when it was due to.
        Files.writeString(folder.resolve(IntrusionDetector.BLOCKS_FILE), "B\t17", StandardOpenOption.APPEND);
        IntrusionDetector restarted = persistent(folder, Map.of());
        assertTrue(restarted.isBlocked(ATTACKER));
        restarted.deactivate();
        clock.advance(Duration.ofMillis(840_000));
        IntrusionDetector expired = persistent(folder, Map.of());
        assertFalse(expired.isBlocked(ATTACKER));
        assertTrue(expired.blocked().isEmpty());
        expired.deactivate();
        assertEquals("", Files.readString(folder.resolve(IntrusionDetector.BLOCKS_FILE)));
    }

    @Test
    public void anAddressTheConfigurationNowNeverBlocksIsNotRestored() throws Exception {
        Path folder = Files.createTempDirectory("intrusion-blocks");
        IntrusionDetector first = persistent(folder, Map.of());
        for (int i = 0; i < 10; i++) {
            first.observe(wrongPassword(ATTACKER));
        }
        first.deactivate();
        IntrusionDetector trusting = persistent(folder, Map.of("neverBlock", new String[] {ATTACKER}));
        assertFalse(trusting.isBlocked(ATTACKER));
        trusting.deactivate();
    }

    private IntrusionDetector persistent(Path folder, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of("anomalyEnabled", false));
        settings.putAll(overrides);
        return new IntrusionDetector(TestConfigs.intrusion(settings), clock, audit, Runnable::run, folder);
    }
}
