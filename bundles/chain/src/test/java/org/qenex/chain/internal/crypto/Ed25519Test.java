package org.qenex.chain.internal.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.junit.Test;

public class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032 section 7.1, TEST 2
    private static final byte[] SECRET = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] PUBLIC = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final byte[] MESSAGE = HEX.parseHex("72");
    private static final byte[] SIGNATURE = HEX.parseHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    @Test
    public void matchesRfc8032() {
        assertArrayEquals(PUBLIC, Ed25519.publicKey(SECRET));
        assertArrayEquals(SIGNATURE, Ed25519.sign(SECRET, MESSAGE));
        assertTrue(Ed25519.verify(PUBLIC, MESSAGE, SIGNATURE));
    }

    @Test
    public void bothImplementationsAgreeOnValidAndTamperedSignatures() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] key = Ed25519.newPrivateKey(random);
            byte[] message = ("transfer " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = Ed25519.sign(key, message);
            byte[] publicKey = Ed25519.publicKey(key);
            assertTrue(Ed25519.verifyJdk(publicKey, message, 0, message.length, signature));
            byte[] tampered = signature.clone();
            tampered[i % 64] ^= 1 << (i % 8);
            assertFalse(Ed25519.verifyFast(publicKey, message, 0, message.length, tampered));
            assertFalse(Ed25519.verifyJdk(publicKey, message, 0, message.length, tampered));
            assertFalse(Ed25519.verify(publicKey, message, tampered));
        }
    }

    /** The parsed-key cache: keyed by the key's bytes as they were, never by the caller's array, and bounded. */
    @Test
    public void aParsedKeyIsReusedForItsBytesOnly() {
        byte[] key = PUBLIC.clone();
        assertTrue(Ed25519.verify(key, MESSAGE, SIGNATURE));
        assertTrue("the same bytes: the same parsed key", Ed25519.publicKeyParameters(PUBLIC.clone())
                == Ed25519.publicKeyParameters(PUBLIC.clone()));
        key[0] ^= 1;
        assertFalse("the caller changed its array: the old key's entry does not answer for it",
                Ed25519.verifyFast(key, MESSAGE, 0, MESSAGE.length, SIGNATURE));
        assertTrue(Ed25519.verify(PUBLIC.clone(), MESSAGE, SIGNATURE));
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 5_000; i++) {
            Ed25519.publicKeyParameters(Ed25519.publicKey(Ed25519.newPrivateKey(random)));
        }
        assertTrue("bounded: " + Ed25519.parsedKeys(), Ed25519.parsedKeys() <= 4_096);
        assertTrue("still right after the cache was emptied for being full", Ed25519.verify(PUBLIC, MESSAGE, SIGNATURE));
    }

    @Test
    public void aKeyThatIsNotACurvePointIsRefusedNotThrown() {
        byte[] notAPoint = HEX.parseHex("0200000000000000000000000000000000000000000000000000000000000000");
        long before = Ed25519.overruledRejections();
        assertFalse(Ed25519.verify(notAPoint, MESSAGE, SIGNATURE));
        assertFalse(Ed25519.verify(new byte[31], MESSAGE, SIGNATURE));
        assertEquals("a real rejection is not overruled", before, Ed25519.overruledRejections());
    }

    @Test
    public void theConfirmationUsesTheJdksOwnProvider() throws Exception {
        assertEquals("SunEC", java.security.Signature.getInstance("Ed25519", "SunEC").getProvider().getName());
        byte[] message = MESSAGE;
        assertTrue(Ed25519.verifyJdk(PUBLIC, message, 0, message.length, SIGNATURE));
    }
}
