package org.qenex.chain.internal.wallet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.improvement.CandidateStatement;
import org.qenex.api.improvement.ContributorSignature;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.chain.internal.TestChain;

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

    @Test
    public void theComponentsKeepWalletsInTheChainsDataFolderAndForgetUnlockedKeysWhenStopping() throws Exception {
        Path chain = folder.getRoot().toPath().resolve("chain");
        WalletConfiguration config = TestChain.configuration(WalletConfiguration.class, Map.of("scryptCost", 1024));
        WalletStore store = new WalletStore(FixedNodeContext.in(chain), config);
        String alice = store.create("alice", "correct horse".toCharArray()).address();
        assertTrue(Files.isRegularFile(chain.resolve("wallets").resolve("alice.json")));

        CandidateSigner signer = new CandidateSigner(store);
        signer.unlock("alice", "correct horse".toCharArray());
        assertTrue(signer.isUnlocked(alice));
        signer.deactivate();
        assertFalse("unlocked keys leave memory with the component", signer.isUnlocked(alice));

        Path elsewhere = folder.getRoot().toPath().resolve("elsewhere");
        WalletStore configured = new WalletStore(FixedNodeContext.in(chain), TestChain.configuration(WalletConfiguration.class,
                Map.of("scryptCost", 1024, "directory", elsewhere.toString())));
        configured.create("bob", "correct horse".toCharArray());
        assertTrue("a configured directory wins", Files.isRegularFile(elsewhere.resolve("bob.json")));
        assertEquals(List.of("alice"), store.list().stream().map(WalletInfo::name).toList());
    }
}
