package org.qenex.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Test;

public class PasswordHashTest {

    private final PasswordHash hash = new PasswordHash(new SecureRandom(), 1000);

    @Test
    public void matchesOnlyTheHashedPassword() {
        String stored = hash.hash("correct horse battery staple");
        assertTrue(PasswordHash.matches("correct horse battery staple", stored));
        assertFalse(PasswordHash.matches("correct horse battery stapler", stored));
        assertFalse(PasswordHash.matches("", stored));
    }

    @Test
    public void saltsEveryHash() {
        String first = hash.hash("same password");
        String second = hash.hash("same password");
        assertNotEquals(first, second);
        assertTrue(PasswordHash.matches("same password", first));
        assertTrue(PasswordHash.matches("same password", second));
    }

    @Test
    public void hashHasNoCommaAndRecordsItsScheme() {
        for (int i = 0; i < 50; i++) {
            String stored = hash.hash("p" + i);
            assertFalse(stored.contains(","));
            assertTrue(PasswordHash.isHash(stored));
            assertEquals("1000", stored.split("\\$")[1]);
        }
    }

    @Test
    public void malformedStoredValuesNeverMatch() {
        assertFalse(PasswordHash.matches("x", "x"));
        assertFalse(PasswordHash.matches("x", "pbkdf2-sha256$abc$AAAA$AAAA"));
        assertFalse(PasswordHash.matches("x", "pbkdf2-sha256$0$AAAA$AAAA"));
        assertFalse(PasswordHash.matches("x", "pbkdf2-sha256$1000$!!!$AAAA"));
        assertFalse(PasswordHash.matches("x", "sha256$1000$AAAA$AAAA"));
        assertFalse(PasswordHash.matches(null, hash.hash("x")));
        assertFalse(PasswordHash.isHash("plain-password"));
    }
}
