package org.qenex.security.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class CachingAuthenticatorTest {

    private final AtomicInteger logins = new AtomicInteger();
    private final Authenticator realm = (user, password) -> {
        logins.incrementAndGet();
        return "secret".equals(password) ? Optional.of(new Caller(user, Set.of("viewer"))) : Optional.empty();
    };

    @Test
    public void remembersASuccessfulLoginUntilItExpires() {
        MutableClock clock = new MutableClock();
        CachingAuthenticator cache = new CachingAuthenticator(realm, clock, 60_000, 10);

        assertEquals(Set.of("viewer"), cache.authenticate("ann", "secret").orElseThrow().roles());
        cache.authenticate("ann", "secret");
        assertEquals(1, logins.get());

        clock.now = clock.now.plusSeconds(61);
        cache.authenticate("ann", "secret");
        assertEquals(2, logins.get());
    }

    @Test
    public void neverRemembersAFailureNorConfusesPasswords() {
        CachingAuthenticator cache = new CachingAuthenticator(realm, new MutableClock(), 60_000, 10);
        cache.authenticate("ann", "secret");

        assertTrue(cache.authenticate("ann", "wrong").isEmpty());
        assertTrue(cache.authenticate("ann", "wrong").isEmpty());
        assertEquals(3, logins.get());
        assertEquals(1, cache.size());
    }

    @Test
    public void staysWithinItsSize() {
        CachingAuthenticator cache = new CachingAuthenticator(realm, new MutableClock(), 60_000, 3);
        for (int i = 0; i < 10; i++) {
            cache.authenticate("user" + i, "secret");
        }
        assertEquals(3, cache.size());
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
