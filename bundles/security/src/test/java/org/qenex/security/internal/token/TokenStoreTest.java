package org.qenex.security.internal.token;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.testing.ManualClock;
import org.qenex.api.node.testing.FixedNodeContext;

public class TokenStoreTest {

    private static final Set<String> OPERATOR = Set.of("operator", "viewer", "ssh");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ManualClock clock = new ManualClock();

    private TokenStore store(Path file) throws Exception {
        return new TokenStore(file, clock, new SecureRandom());
    }

    @Test
    public void aTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        Path file = folder.getRoot().toPath().resolve("security/tokens.json");
        TokenStore store = store(file);
        IssuedToken issued = store.create("olga", OPERATOR, "backup-script", Set.of("viewer"), Duration.ofDays(30));

        String secret = issued.secret();
        assertTrue(secret, secret.matches("qxt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"));
        String stored = Files.readString(file);
        assertFalse("the secret is not on disk", stored.contains(secret.substring(21)));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes("UTF-8")));
        assertTrue(stored.contains(sha));

        TokenCheck check = store(file).check(secret);
        assertTrue("valid after a restart", check.isValid());
        assertEquals("olga", check.token().owner());
        assertEquals(Set.of("viewer"), check.token().roles());
    }

    @Test
    public void theComponentKeepsItsTokensInTheBundlesDataFolder() throws Exception {
        Path securityFolder = folder.getRoot().toPath().resolve("qenex/security");
        IssuedToken issued = new TokenStore(FixedNodeContext.in(securityFolder))
                .create("olga", OPERATOR, "ci", Set.of("viewer"), Duration.ofDays(1));
        assertTrue(Files.isRegularFile(securityFolder.resolve("tokens.json")));
        assertTrue("read back by the next activation",
                new TokenStore(FixedNodeContext.in(securityFolder)).check(issued.secret()).isValid());
    }

    @Test
    public void aTokenNeverHasMoreRolesThanItsCreator() throws Exception {
        TokenStore store = store(folder.getRoot().toPath().resolve("t.json"));
        assertThrows(SecurityException.class,
                () -> store.create("olga", OPERATOR, "too-much", Set.of("admin"), Duration.ofDays(1)));
        assertThrows(SecurityException.class,
                () -> store.create("vic", Set.of("viewer", "ssh"), "too-much", Set.of("operator"), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class,
                () -> store.create("olga", OPERATOR, "odd-role", Set.of("ssh"), Duration.ofDays(1)));
        assertTrue("an admin's roles imply the others",
                store.create("ada", Set.of("admin"), "ops", Set.of("operator"), Duration.ofDays(1)).secret().startsWith("qxt_"));
    }

    @Test
    public void wrongExpiredAndRevokedTokensAreRefused() throws Exception {
        TokenStore store = store(folder.getRoot().toPath().resolve("t.json"));
        IssuedToken shortLived = store.create("olga", OPERATOR, "short", Set.of("viewer"), Duration.ofHours(1));
        IssuedToken revoked = store.create("olga", OPERATOR, "gone", Set.of("viewer"), Duration.ofDays(1));
        String secret = shortLived.secret();

        assertFalse(store.check(secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A")).isValid());
        assertFalse(store.check("qxt_0000000000000000_" + "A".repeat(43)).isValid());
        assertFalse(store.check("Basic-looking-garbage").isValid());

        assertFalse("only its owner or an admin revokes it", store.revoke(revoked.token().id(), "mallory"));
        assertTrue(store.revoke(revoked.token().id(), "olga"));
        assertEquals("unknown or revoked token", store.check(revoked.secret()).refusal());

        assertTrue(store.check(secret).isValid());
        clock.advance(Duration.ofHours(1));
        assertTrue(store.check(secret).refusal(), store.check(secret).refusal().contains("expired"));
        assertTrue(store.list("olga").get(0).expiredAt(clock.instant()));
    }

    @Test
    public void losingRolesRevokesTheTokensBeyondThem() throws Exception {
        TokenStore store = store(folder.getRoot().toPath().resolve("t.json"));
        IssuedToken viewer = store.create("olga", OPERATOR, "read", Set.of("viewer"), Duration.ofDays(1));
        IssuedToken operator = store.create("olga", OPERATOR, "run", Set.of("operator"), Duration.ofDays(1));

        assertEquals(1, store.revokeBeyond("olga", Set.of("viewer")));
        assertTrue(store.check(viewer.secret()).isValid());
        assertFalse(store.check(operator.secret()).isValid());
        assertEquals(1, store.revokeBeyond("olga", Set.of()));
        assertEquals(0, store.list(null).size());
    }

    @Test
    public void lifetimesAndNamesAreChecked() throws Exception {
        assertEquals(Duration.ofDays(30), TokenStore.parseLifetime("30d"));
        assertEquals(Duration.ofHours(12), TokenStore.parseLifetime("12h"));
        assertEquals(Duration.ofDays(365), TokenStore.parseLifetime("1y"));
        assertThrows(IllegalArgumentException.class, () -> TokenStore.parseLifetime("forever"));
        TokenStore store = store(folder.getRoot().toPath().resolve("t.json"));
        assertThrows(IllegalArgumentException.class,
                () -> store.create("olga", OPERATOR, "long", Set.of("viewer"), Duration.ofDays(400)));
        assertThrows(IllegalArgumentException.class,
                () -> store.create("olga", OPERATOR, "bad name", Set.of("viewer"), Duration.ofDays(1)));
    }
}
