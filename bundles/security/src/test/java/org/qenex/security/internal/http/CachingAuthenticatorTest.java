package org.qenex.security.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.qenex.api.testing.ManualClock;

public class CachingAuthenticatorTest {

    private final AtomicInteger logins = new AtomicInteger();
    private final Authenticator realm = (user, password) -> {
        logins.incrementAndGet();
        return "secret".equals(password) ? Optional.of(new Caller(user, Set.of("viewer"))) : Optional.empty();
    };

    @Test
    public void remembersASuccessfulLoginUntilItExpires() {
        ManualClock clock = new ManualClock();
        CachingAuthenticator cache = new CachingAuthenticator(realm, clock, 60_000, 10);

        assertEquals(Set.of("viewer"), cache.authenticate("ann", "secret").orElseThrow().roles());
        cache.authenticate("ann", "secret");
        assertEquals(1, logins.get());

        clock.advance(Duration.ofSeconds(61));
        cache.authenticate("ann", "secret");
        assertEquals(2, logins.get());
    }

    @Test
    public void neverRemembersAFailureNorConfusesPasswords() {
        CachingAuthenticator cache = new CachingAuthenticator(realm, new ManualClock(), 60_000, 10);
        cache.authenticate("ann", "secret");

        assertTrue(cache.authenticate("ann", "wrong").isEmpty());
        assertTrue(cache.authenticate("ann", "wrong").isEmpty());
        assertEquals(3, logins.get());
        assertEquals(1, cache.size());
    }

    @Test
    public void staysWithinItsSize() {
        CachingAuthenticator cache = new CachingAuthenticator(realm, new ManualClock(), 60_000, 3);
        for (int i = 0; i < 10; i++) {
            cache.authenticate("user" + i, "secret");
        }
        assertEquals(3, cache.size());
    }
}
