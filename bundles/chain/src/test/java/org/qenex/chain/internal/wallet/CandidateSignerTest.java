package org.qenex.chain.internal.wallet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ContributorSignature;

/** Node wallets sign candidates: once with the passphrase, or unattended while unlocked for mining. */
public class CandidateSignerTest {

    private static final String PARENT = "0".repeat(64);
    private static final String CANDIDATE = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void signsForTheWalletsAddressOnlyWithItsPassphraseOrWhileUnlocked() throws Exception {
        WalletStore store = new WalletStore(folder.newFolder("wallets").toPath(), 1 << 10, new SecureRandom());
        String alice = store.create("alice", "correct horse".toCharArray()).address();
        CandidateSigner signer = new CandidateSigner(store);

        ContributorSignature once = signer.sign("alice", "correct horse".toCharArray(), PARENT, CANDIDATE);
        assertEquals(alice, once.contributor());
        assertTrue(CandidateStatement.verify(alice, once.publicKey(), once.signature(),
                CandidateStatement.bytes(PARENT, alice, CANDIDATE)));
        assertThrows(SecurityException.class, () -> signer.sign("alice", "wrong horse!".toCharArray(), PARENT, CANDIDATE));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("bob", "correct horse".toCharArray(), PARENT, CANDIDATE));

        assertTrue("locked: nothing signed unattended", signer.signUnlocked(alice, PARENT, CANDIDATE).isEmpty());
        assertEquals(alice, signer.unlock("alice", "correct horse".toCharArray()));
        assertTrue(signer.isUnlocked(alice));
        ContributorSignature unattended = signer.signUnlocked(alice, PARENT, CANDIDATE).orElseThrow();
        assertEquals("Ed25519 is deterministic: the same signature", once, unattended);
        signer.lockAll();
        assertFalse(signer.isUnlocked(alice));
        assertTrue(signer.signUnlocked(alice, PARENT, CANDIDATE).isEmpty());
    }
}
