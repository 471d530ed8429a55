package org.qenex.chain.internal.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.Test;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.chain.internal.TestChain;

/**
 * The API's candidate statement and address against the chain's own: the AI checks a signature
 * with {@link CandidateStatement#verify}, the chain with its {@link Ed25519} and {@link AccountId};
 * both must agree, and the bytes must be those of docs/chain-format.md.
 */
public class CandidateStatementTest {

    private static final String PARENT = "ab".repeat(32);
    private static final String CANDIDATE = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";

    @Test
    public void theAddressIsTheChainsAddress() {
        for (int seed = 1; seed < 40; seed++) {
            KeyPair key = TestChain.key(seed);
            assertEquals(key.address(), CandidateStatement.addressOf(key.publicKey()));
        }
    }

    @Test
    public void theStatementHasTheDocumentedBytes() {
        KeyPair alice = TestChain.key(10);
        byte[] statement = CandidateStatement.bytes(PARENT, alice.address(), CANDIDATE);
        assertEquals(111, statement.length);
        assertEquals("QXCS", new String(statement, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, statement[4]);
        assertEquals(PARENT, HexFormat.of().formatHex(statement, 5, 37));
        assertEquals(alice.address(), new String(statement, 37, 42, StandardCharsets.US_ASCII));
        assertEquals(HexFormat.of().formatHex(Sha256.hash(CANDIDATE.getBytes(StandardCharsets.UTF_8))),
                HexFormat.of().formatHex(statement, 79, 111));
    }

    @Test
    public void bothImplementationsAgreeOnValidAndForgedSignatures() {
        KeyPair alice = TestChain.key(10);
        KeyPair bob = TestChain.key(11);
        byte[] statement = CandidateStatement.bytes(PARENT, alice.address(), CANDIDATE);
        byte[] signature = alice.sign(statement);
        String key = HexFormat.of().formatHex(alice.publicKey());
        assertTrue(Ed25519.verify(alice.publicKey(), statement, signature));
        assertTrue(CandidateStatement.verify(alice.address(), key, HexFormat.of().formatHex(signature), statement));

        byte[] flipped = signature.clone();
        flipped[3] ^= 1;
        assertFalse(Ed25519.verify(alice.publicKey(), statement, flipped));
        assertFalse(CandidateStatement.verify(alice.address(), key, HexFormat.of().formatHex(flipped), statement));
        assertFalse("alice's key does not speak for bob",
                CandidateStatement.verify(bob.address(), key, HexFormat.of().formatHex(signature), statement));
        byte[] otherParent = CandidateStatement.bytes("cd".repeat(32), alice.address(), CANDIDATE);
        assertFalse(Arrays.equals(statement, otherParent));
        assertFalse("a signature is for one parent",
                CandidateStatement.verify(alice.address(), key, HexFormat.of().formatHex(signature), otherParent));
        assertFalse(CandidateStatement.verify(alice.address(), "zz", HexFormat.of().formatHex(signature), statement));
    }
}
