package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.crypto.Address;
import org.qenex.chain.internal.wallet.NodeWallets;
import org.qenex.chain.internal.wallet.SigningWallets;
import org.qenex.chain.internal.wallet.WalletInfo;
import org.qenex.chain.internal.wallet.WalletStore;
import org.qenex.chain.internal.wallet.WrongPassphraseException;

public class WalletTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void createsListsSignsAndNeverStoresTheKeyInClear() throws Exception {
        Path dir = folder.newFolder("wallets").toPath();
        WalletStore store = new WalletStore(dir, 1 << 10, new SecureRandom());
        ChainNode node = TestChain.node(new MemoryStore(), new TestChain.Clock());
        NodeWallets wallets = new SigningWallets(store, node);
        WalletInfo alice = wallets.create("alice", "correct horse".toCharArray());
        WalletInfo bob = wallets.create("bob", "battery staple".toCharArray());
        assertEquals(List.of("alice", "bob"), wallets.list().stream().map(WalletInfo::name).toList());
        String file = Files.readString(dir.resolve("alice.json"));
        assertTrue(file.contains(alice.address()));
        String privateKeyHex = store.withKey("alice", "correct horse".toCharArray(),
                k -> java.util.HexFormat.of().formatHex(k.privateKeyCopy()));
        assertFalse("the private key is not in the file", file.contains(privateKeyHex));
        try {
            store.withKey("alice", "wrong horse!".toCharArray(), k -> k);
            fail("a wrong passphrase must not open the key");
        } catch (WrongPassphraseException expected) {
            assertTrue(expected.getMessage().contains("wrong passphrase"));
        }
        try {
            wallets.create("alice", "another passphrase".toCharArray());
            fail("names are unique");
        } catch (java.nio.file.FileAlreadyExistsException expected) {
            assertTrue(expected.getMessage().contains("alice"));
        }
        // the file edited to claim bob's address does not decrypt
        Files.writeString(dir.resolve("alice.json"), file.replace(alice.address(), bob.address()));
        try {
            store.withKey("alice", "correct horse".toCharArray(), k -> k);
            fail("an altered file must not open");
        } catch (WrongPassphraseException expected) {
            assertTrue(expected.getMessage().length() > 0);
        }
        Files.writeString(dir.resolve("alice.json"), file);

        ImprovementProof signedByTheWallet = store.withKey("alice", "correct horse".toCharArray(),
                key -> TestChain.proof(key, 10_000, "w"));
        node.produceBlock(List.of(signedByTheWallet));
        wallets.send("alice", "correct horse".toCharArray(), Address.parse(bob.address()), 1_000_000, 1_000);
        wallets.send("alice", "correct horse".toCharArray(), Address.parse(bob.address()), 2_000_000, 1_000);
        node.produceBlock(List.of());
        assertEquals(3_000_000, node.account(Address.parse(bob.address())).balance());
        wallets.setParent("bob", "battery staple".toCharArray(), "alice", "correct horse".toCharArray(), 1_000);
        node.produceBlock(List.of());
        assertEquals(Address.parse(alice.address()), node.account(Address.parse(bob.address())).parent());
    }
}
