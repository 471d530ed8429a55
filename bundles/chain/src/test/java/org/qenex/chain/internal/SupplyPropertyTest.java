package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Property: whatever random mix of valid and invalid transfers, set-parents and proofs arrives,
 * the sum of all balances equals the minted supply after every block, and the minted supply
 * never exceeds the cap.
 */
public class SupplyPropertyTest {

    @Test
    public void sumOfBalancesAlwaysEqualsMintedSupply() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            run(new Random(seed));
        }
    }

    private void run(Random random) throws Exception {
        TestChain.Clock clock = new TestChain.Clock();
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(TestChain.key(30 + i));
        }
        int accepted = 0;
        int refused = 0;
        for (int block = 0; block < 25; block++) {
            for (int i = 0; i < 40; i++) {
                KeyPair from = keys.get(random.nextInt(keys.size()));
                KeyPair to = keys.get(random.nextInt(keys.size()));
                long nonce = node.account(from.account()).nonce() + (random.nextInt(10) == 0 ? random.nextInt(3) - 1 : 0);
                long amount = switch (random.nextInt(10)) {
                    case 0 -> -random.nextInt(100);
                    case 1 -> Long.MAX_VALUE - random.nextInt(10);
                    case 2 -> node.account(from.account()).balance();
                    default -> random.nextInt(2_000_000_000);
                };
                long fee = random.nextInt(10) == 0 ? random.nextInt(1_000) : 1_000 + random.nextInt(5_000);
                byte[] tx = random.nextInt(8) == 0
                        ? TransactionCodec.setParent(TestChain.CHAIN_ID, from, to, fee, nonce).encoded()
                        : TransactionCodec.transfer(TestChain.CHAIN_ID, from, to.account(), amount, fee, nonce).encoded();
                if (random.nextInt(20) == 0) {
                    tx[random.nextInt(tx.length)] ^= (byte) (1 + random.nextInt(255));
                }
                try {
                    node.submit(tx);
                    accepted++;
                } catch (ChainException e) {
                    refused++;
                }
            }
            List<ImprovementProof> proofs = new ArrayList<>();
            // proofs extend the tip; one refused (no gain, unverified, a repeat) leaves those after it off its line
            TestChain.ModelLine line = new TestChain.ModelLine(node.modelTip());
            for (int p = random.nextInt(3); p > 0; p--) {
                KeyPair who = keys.get(random.nextInt(keys.size()));
                String tag = random.nextInt(4) == 0 ? "repeat" : Long.toString(random.nextLong());
                if (random.nextInt(5) == 0) {
                    tag = TestChain.UNVERIFIED + tag;
                }
                proofs.add(random.nextInt(4) == 0 ? TestChain.proof(who, random.nextInt(30_000) - 5_000, tag)
                        : line.next(who, random.nextInt(30_000) - 5_000, tag));
            }
            node.produceBlock(proofs);
            assertEquals("seed block " + block, node.chain().minted(), node.chain().totalBalance());
            assertTrue(node.chain().minted() <= node.parameters().maxSupply());
        }
        assertTrue("the mix had both kinds: " + accepted + "/" + refused, accepted > 50 && refused > 50);
        assertTrue(node.verify().ok());
    }
}
