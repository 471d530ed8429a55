package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.qenex.kernel.internal.supervisor.RestartPolicy.Decision;
import org.qenex.kernel.internal.supervisor.RestartPolicy.Quarantine;
import org.qenex.kernel.internal.supervisor.RestartPolicy.Restart;

public class RestartPolicyTest {

    private static final String PART = "component:org.qenex.demo.Flaky";

    private final AtomicLong now = new AtomicLong(1_000_000);

    private RestartPolicy policy(long initialMs, long maxMs, int maxRestarts, long windowMs, long stableMs) {
        return new RestartPolicy(new RestartPolicy.Settings(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs),
                maxRestarts, Duration.ofMillis(windowMs), Duration.ofMillis(stableMs)), now::get);
    }

    @Test
    public void backoffDoublesPerConsecutiveRestartUpToTheCap() {
        RestartPolicy policy = policy(1_000, 60_000, 100, 600_000, 120_000);
        long[] expected = { 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000 };
        for (int i = 0; i < expected.length; i++) {
            Decision decision = policy.onFailure(PART);
            assertEquals(new Restart(i + 1, Duration.ofMillis(expected[i])), decision);
            now.addAndGet(expected[i]);
        }
        assertEquals(expected.length, policy.consecutiveRestarts(PART));
    }

    @Test
    public void backoffFollowsTheItestSchedule() {
        RestartPolicy policy = policy(500, 4_000, 100, 600_000, 120_000);
        assertEquals(Duration.ofMillis(500), policy.backoff(1));
        assertEquals(Duration.ofMillis(1_000), policy.backoff(2));
        assertEquals(Duration.ofMillis(2_000), policy.backoff(3));
        assertEquals(Duration.ofMillis(4_000), policy.backoff(4));
        assertEquals(Duration.ofMillis(4_000), policy.backoff(5));
        assertEquals("no overflow for huge attempts", Duration.ofMillis(4_000), policy.backoff(10_000));
    }

    @Test
    public void quarantinesWhenMoreThanMaxRestartsAreNeededWithinTheWindow() {
        RestartPolicy policy = policy(500, 4_000, 3, 600_000, 120_000);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertTrue(policy.onFailure(PART) instanceof Restart);
            now.addAndGet(5_000);
        }
        Decision fourth = policy.onFailure(PART);
        assertTrue("fourth failure within the window must quarantine, was " + fourth, fourth instanceof Quarantine);
        assertTrue(((Quarantine) fourth).reason().contains("3 restart(s)"));
    }

    @Test
    public void restartsOutsideTheWindowDoNotCount() {
        RestartPolicy policy = policy(500, 4_000, 3, 60_000, 10_000_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(policy.onFailure(PART) instanceof Restart);
            now.addAndGet(1_000);
        }
        now.addAndGet(60_000); // all three restarts have left the window
        Decision decision = policy.onFailure(PART);
        assertTrue("restarts older than the window must not quarantine, was " + decision, decision instanceof Restart);
        // The backoff still grows: the part never was stable.
        assertEquals(4, ((Restart) decision).attempt());
    }

    @Test
    public void stayingHealthyForStableAfterResetsTheBackoff() {
        RestartPolicy policy = policy(1_000, 60_000, 100, 600_000, 120_000);
        policy.onFailure(PART);
        policy.onFailure(PART);
        assertEquals(2, policy.consecutiveRestarts(PART));

        assertFalse(policy.onHealthy(PART)); // healthy from now on
        now.addAndGet(119_999);
        assertFalse(policy.onHealthy(PART));
        assertEquals(2, policy.consecutiveRestarts(PART));
        now.addAndGet(1);
        assertTrue(policy.onHealthy(PART));
        assertEquals(0, policy.consecutiveRestarts(PART));

        assertEquals(new Restart(1, Duration.ofMillis(1_000)), policy.onFailure(PART));
    }

    @Test
    public void aFailureInterruptsTheStablePeriod() {
        RestartPolicy policy = policy(1_000, 60_000, 100, 600_000, 120_000);
        policy.onFailure(PART);
        policy.onHealthy(PART);
        now.addAndGet(100_000);
        policy.onFailure(PART); // failed again before being stable
        now.addAndGet(1_000);
        policy.onHealthy(PART);
        now.addAndGet(100_000);
        assertFalse(policy.onHealthy(PART));
        assertEquals(2, policy.consecutiveRestarts(PART));
    }

    @Test
    public void forgetStartsAPartOver() {
        RestartPolicy policy = policy(500, 4_000, 1, 600_000, 120_000);
        policy.onFailure(PART);
        assertTrue(policy.onFailure(PART) instanceof Quarantine);
        policy.forget(PART);
        assertEquals(0, policy.consecutiveRestarts(PART));
        assertEquals(new Restart(1, Duration.ofMillis(500)), policy.onFailure(PART));
    }

    @Test
    public void partsAreCountedSeparately() {
        RestartPolicy policy = policy(500, 4_000, 1, 600_000, 120_000);
        policy.onFailure(PART);
        assertEquals(new Restart(1, Duration.ofMillis(500)), policy.onFailure("bundle:other"));
        assertTrue(policy.onFailure(PART) instanceof Quarantine);
    }

    @Test
    public void zeroMaxRestartsQuarantinesOnTheFirstFailure() {
        RestartPolicy policy = policy(500, 4_000, 0, 600_000, 120_000);
        assertTrue(policy.onFailure(PART) instanceof Quarantine);
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsAMaxBackoffBelowTheInitialOne() {
        policy(5_000, 1_000, 3, 600_000, 120_000);
    }
}
