package org.qenex.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;

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

    @Test
    public void anUnmatchableFormCostsAFullCheckAndMatchesNothing() {
        PasswordHash slow = new PasswordHash(new SecureRandom(), 100_000);
        String unmatchable = slow.unmatchable();
        assertTrue(PasswordHash.isHash(unmatchable));
        assertEquals("100000", unmatchable.split("\\$")[1]);
        assertNotEquals(unmatchable, slow.unmatchable());
        for (String guess : new String[] {"", "admin", "password", unmatchable}) {
            assertFalse(PasswordHash.matches(guess, unmatchable));
        }
        // Made without deriving, checked with the full derivation. Interleaved medians, so that a
        // shared machine's load hits all three alike.
        String real = slow.hash("a-real-password");
        long[] checkUnmatchable = new long[5];
        long[] checkReal = new long[5];
        long[] make = new long[5];
        for (int i = 0; i < make.length; i++) {
            checkUnmatchable[i] = nanos(() -> PasswordHash.matches("wrong", unmatchable));
            checkReal[i] = nanos(() -> PasswordHash.matches("wrong", real));
            make[i] = nanos(slow::unmatchable);
        }
        Arrays.sort(checkUnmatchable);
        Arrays.sort(checkReal);
        Arrays.sort(make);
        double ratio = (double) checkUnmatchable[2] / checkReal[2];
        assertTrue("checking it took " + checkUnmatchable[2] / 1_000 + " us, a real check " + checkReal[2] / 1_000 + " us",
                ratio > 0.5 && ratio < 2);
        assertTrue("making it took " + make[2] / 1_000 + " us, a real check " + checkReal[2] / 1_000 + " us",
                make[2] < checkReal[2] / 20);
    }

    private static long nanos(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }
}
