package org.qenex.security.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.Test;
import org.qenex.api.testing.ManualClock;
import org.qenex.security.internal.PasswordHash;
import org.qenex.security.internal.login.FailureLog;

public class LoginGuardTest {

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger checks = new AtomicInteger();
    private final List<String> log = new ArrayList<>();
    private Function<String, LoginOutcome> duringCheck = null;

    private final Authenticator realm = (user, password) -> {
        checks.incrementAndGet();
        if (duringCheck != null) {
            LoginOutcome nested = duringCheck.apply(user);
            duringCheck = null;
            assertEquals(503, nested.status());
        }
        return user.equals("admin") && password.equals("right-password")
                ? Optional.of(new Caller(user, Set.of("admin", "operator", "viewer"))) : Optional.empty();
    };

    /** A guard for tests elsewhere: realm-less (every password check fails), cheap dummy hashes. */
    public static LoginGuard forTests(Map<String, Object> config, ManualClock clock, List<String> log) {
        return new LoginGuard((user, password) -> Optional.empty(), user -> true, TestConfig.with(config),
                new PasswordHash(new SecureRandom(), 1000), clock, new FailureLog(clock, log::add, 1000, 60));
    }

    private LoginGuard guard(Map<String, Object> config) {
        return new LoginGuard(realm, user -> true, TestConfig.with(config), new PasswordHash(new SecureRandom(), 1000),
                clock, new FailureLog(clock, log::add, 1000, 60));
    }

    @Test
    public void beforeTheFirstAdminIsMadeALoginIsAskedToRetryAndCountsAgainstNobody() {
        LoginGuard guard = guard(Map.of("addressFreeFailures", 3, "userFreeFailures", 3));
        guard.firstAdminMade(false);
        for (int i = 0; i < 50; i++) {
            // a client polling a first boot with the password it set, before that password is written
            LoginOutcome early = guard.login("admin", "right-password", "10.0.0.9");
            assertEquals(503, early.status());
            assertEquals("starting", early.code());
            assertEquals(1, early.retryAfterSeconds());
        }
        assertEquals(Optional.of(LoginGuard.FIRST_ADMIN_PENDING), guard.beforeHash("admin", "10.0.0.9").map(LoginOutcome::detail));
        assertEquals("no hash spent", 0, checks.get());

        guard.firstAdminMade(true);
        assertTrue("neither the user nor the address was locked", guard.login("admin", "right-password", "10.0.0.9").isAdmitted());
        assertTrue(log.isEmpty());
    }

    @Test
    public void anAddressIsLockedAfterItsFreeFailuresAndRefusedWithoutAHash() {
        LoginGuard guard = guard(Map.of("addressFreeFailures", 3, "userFreeFailures", 100));
        for (int i = 0; i < 3; i++) {
            assertEquals(401, guard.login("user" + i, "guess", "10.0.0.9").status());
        }
        int hashed = checks.get();

        LoginOutcome refused = guard.login("admin", "right-password", "10.0.0.9");
        assertEquals(429, refused.status());
        assertEquals("locked_out", refused.code());
        assertEquals(30, refused.retryAfterSeconds());
        assertEquals("no hash for a locked address", hashed, checks.get());
        assertTrue("other addresses are not affected", guard.login("admin", "right-password", "10.0.0.10").isAdmitted());

        clock.advance(Duration.ofSeconds(30));
        assertTrue(guard.login("admin", "right-password", "10.0.0.9").isAdmitted());
    }

    @Test
    public void aLockedUserIsRefusedToSuspectAddressesBeforeAnyHash() {
        LoginGuard guard = guard(Map.of("userFreeFailures", 5, "loginCacheSeconds", 0));
        for (int i = 0; i < 5; i++) {
            assertEquals(401, guard.login("admin", "guess" + i, "10.0.1." + i).status());
        }
        int hashed = checks.get();
        LoginOutcome refused = guard.login("admin", "right-password", "10.0.1.0");
        assertEquals("an address that failed is refused even the right password", 429, refused.status());
        assertEquals(15, refused.retryAfterSeconds());
        assertTrue("so is a caller whose address is unknown", guard.beforeHash("admin", null).isPresent());
        assertEquals(hashed, checks.get());

        assertEquals("a clean address gets one try", 401, guard.login("admin", "guess", "10.0.2.1").status());
        assertEquals("and is suspect after it", 429, guard.login("admin", "right-password", "10.0.2.1").status());
        assertTrue("the admin's own clean address still gets in",
                guard.login("admin", "right-password", "10.0.3.1").isAdmitted());

        assertEquals("a success cleared the user's failures", 401, guard.login("admin", "guess", "10.0.1.0").status());
        clock.advance(Duration.ofMinutes(15));
        assertTrue(guard.login("admin", "right-password", "10.0.1.0").isAdmitted());
    }

    @Test
    public void aLoginProvenAMomentAgoSurvivesAnAttackOnItsUser() {
        LoginGuard guard = guard(Map.of());
        assertTrue(guard.login("admin", "right-password", "10.0.0.1").isAdmitted());
        for (int i = 0; i < 20; i++) {
            guard.login("admin", "guess" + i, "10.9.0." + i);
        }
        assertEquals(429, guard.login("admin", "guess", "10.9.0.1").status());
        int hashed = checks.get();

        assertTrue(guard.login("admin", "right-password", "10.0.0.1").isAdmitted());
        assertEquals("served from the login cache", hashed, checks.get());
    }

    @Test
    public void tooManyConcurrentChecksAreTurnedAwayAtOnce() {
        LoginGuard guard = guard(Map.of("concurrentHashes", 1, "hashWaiters", 0, "addressFreeFailures", 1));
        // While the realm checks one password, a second login finds no permit and no waiting room.
        duringCheck = user -> guard.login("other", "guess", "10.0.0.2");
        assertEquals(401, guard.login("admin", "guess", "10.0.0.1").status());
        assertEquals(null, duringCheck);
        assertEquals("the refused login never reached the realm", 1, checks.get());
        assertTrue("flooding the gate counts against the address", guard.addressLocked("10.0.0.2").isPresent());
    }

    @Test
    public void everyFailureIsLoggedWithUserAndAddressButNoPassword() {
        LoginGuard guard = guard(Map.of("addressFreeFailures", 2));
        guard.login("bob", "hunter2-secret", "10.0.0.7");
        guard.login("bob", "hunter2-secret", "10.0.0.7");
        guard.failedWithoutPassword("token qxt_0011223344556677", "10.0.0.8", "unknown or revoked token");

        assertEquals(3, log.size());
        assertTrue(log.get(0), log.get(0).contains("user 'bob' from 10.0.0.7: wrong user name or password"));
        assertTrue(log.get(1), log.get(1).contains("address locked for 30 s"));
        assertTrue(log.get(2), log.get(2).contains("qxt_0011223344556677' from 10.0.0.8: unknown or revoked token"));
        assertFalse(log.toString().contains("hunter2"));
    }

    @Test
    public void tokenFailuresCountAgainstTheAddress() {
        LoginGuard guard = guard(Map.of("addressFreeFailures", 2));
        guard.failedWithoutPassword("token x", "10.0.0.5", "unknown or revoked token");
        assertTrue(guard.addressLocked("10.0.0.5").isEmpty());
        guard.failedWithoutPassword("token x", "10.0.0.5", "unknown or revoked token");
        assertEquals(Optional.of(Duration.ofSeconds(30)), guard.addressLocked("10.0.0.5"));
        assertEquals(429, guard.login("admin", "right-password", "10.0.0.5").status());
    }

    @Test
    public void anIpv6HostIsThrottledByItsSlash64() {
        assertEquals(LoginGuard.addressKey("2001:db8:1:2:aaaa::1"), LoginGuard.addressKey("2001:db8:1:2:bbbb::99"));
        assertFalse(LoginGuard.addressKey("2001:db8:1:2::1").equals(LoginGuard.addressKey("2001:db8:1:3::1")));
        assertEquals("192.0.2.1", LoginGuard.addressKey("192.0.2.1"));
    }

    @Test
    public void forgettingAUserDropsItsRememberedLogin() {
        LoginGuard guard = guard(Map.of());
        guard.login("admin", "right-password", "10.0.0.1");
        guard.forget("admin");
        guard.login("admin", "right-password", "10.0.0.1");
        assertEquals(2, checks.get());
    }

    /**
     * The real thing, timed: a realm that rejects unknown users at once and hashes for known ones.
     * Before the guard evened the cost out, an unknown user answered about 80 times faster.
     */
    @Test
    public void anUnknownUserCostsAboutAsMuchAsAKnownOne() {
        PasswordHash realmHash = new PasswordHash(new SecureRandom(), 30_000);
        String stored = realmHash.hash("the-right-password");
        Authenticator karafLike = (user, password) -> user.equals("alice") && PasswordHash.matches(password, stored)
                ? Optional.of(new Caller(user, Set.of("viewer"))) : Optional.empty();
        LoginGuard guard = new LoginGuard(karafLike, "alice"::equals,
                TestConfig.with(Map.of("userFreeFailures", 100, "addressFreeFailures", 100)), realmHash, clock, new FailureLog(clock, line -> { }, 1, 1));
        // Untimed rounds first: the JIT compiles the hash while they run, not during the timed ones.
        for (int i = 0; i < 3; i++) {
            guard.login("alice", "wrong-password", "10.0.0.1");
            guard.login("nobody", "wrong-password", "10.0.0.1");
        }
        // Interleaved, the order alternating, so that the load of a shared machine hits both alike.
        long[] known = new long[15];
        long[] unknown = new long[15];
        for (int i = 0; i < known.length; i++) {
            if (i % 2 == 0) {
                known[i] = time(() -> guard.login("alice", "wrong-password", "10.0.0.1"));
                unknown[i] = time(() -> guard.login("nobody", "wrong-password", "10.0.0.1"));
            } else {
                unknown[i] = time(() -> guard.login("nobody", "wrong-password", "10.0.0.1"));
                known[i] = time(() -> guard.login("alice", "wrong-password", "10.0.0.1"));
            }
        }
        Arrays.sort(known);
        Arrays.sort(unknown);
        double ratio = (double) unknown[7] / known[7];
        assertTrue("median unknown " + unknown[7] / 1_000_000 + " ms vs known " + known[7] / 1_000_000 + " ms",
                ratio > 0.5 && ratio < 2);
    }

    private static long time(Runnable login) {
        long start = System.nanoTime();
        login.run();
        return System.nanoTime() - start;
    }
}
