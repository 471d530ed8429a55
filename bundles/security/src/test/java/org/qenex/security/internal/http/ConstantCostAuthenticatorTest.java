package org.qenex.security.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.Test;

public class ConstantCostAuthenticatorTest {

    private final List<String> realmChecks = new ArrayList<>();
    private final List<String> dummyHashes = new ArrayList<>();

    private final Authenticator realm = (user, password) -> {
        realmChecks.add(user);
        return password.equals("right") ? Optional.of(new Caller(user, Set.of("viewer"))) : Optional.empty();
    };

    private final ConstantCostAuthenticator authenticator = new ConstantCostAuthenticator(realm, "alice"::equals,
            dummyHashes::add);

    @Test
    public void anUnknownUserPaysForAHashToo() {
        assertTrue(authenticator.authenticate("mallory", "right").isEmpty());
        assertEquals(List.of("right"), dummyHashes);
        assertEquals("the realm is not asked about unknown users", List.of(), realmChecks);
    }

    @Test
    public void aKnownUserIsCheckedByTheRealmAndNotChargedTwice() {
        assertTrue(authenticator.authenticate("alice", "wrong").isEmpty());
        assertTrue(authenticator.authenticate("alice", "right").isPresent());
        assertEquals(List.of(), dummyHashes);
        assertEquals(List.of("alice", "alice"), realmChecks);
    }
}
