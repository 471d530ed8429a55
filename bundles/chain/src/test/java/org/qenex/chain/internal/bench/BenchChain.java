package org.qenex.chain.internal.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.crypto.Sha256;
import org.qenex.chain.internal.tx.TransactionCodec;

/** Funded chains for the benchmarks: many senders, each with coins, built from proofs and a fan-out. */
final class BenchChain {

    static final ChainNode.Limits LARGE = new ChainNode.Limits(2_000_000, 1_000_000, 2_000_000);

    private BenchChain() {
    }

    static KeyPair sender(int i) {
        return new KeyPair(Sha256.hash(ByteBuffer.allocate(8).putLong(1_000_000L + i).array()));
    }

    /** A node whose clock advances 5 s per read. */
    static ChainNode node(Store store, long[] clock) {
        ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                () -> clock[0] += 5_000, LARGE);
        node.open();
        return node;
    }

    /** Blocks that fund {@code senders} senders with 1 QXC each, made by {@code node}; returns them for import elsewhere. */
    static List<Block> fund(ChainNode node, int senders) throws Exception {
        List<Block> blocks = new ArrayList<>();
        KeyPair treasury = TestChain.key(7);
        int needed = (int) ((long) senders * Qxc.UNITS_PER_QXC / (50 * Qxc.UNITS_PER_QXC)) + 1;
        int tag = 0;
        while (needed > 0) {
            List<ImprovementProof> proofs = new ArrayList<>();
            TestChain.ModelLine line = new TestChain.ModelLine(node.modelTip());
            for (int i = 0; i < 16 && needed > 0; i++, needed--) {
                proofs.add(line.next(treasury, 10_000, "fund-" + tag++));
            }
            blocks.add(node.produceBlock(proofs));
        }
        long nonce = node.account(treasury.account()).nonce();
        for (int i = 0; i < senders; i++) {
            node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, treasury, sender(i).account(), Qxc.UNITS_PER_QXC, 1_000,
                    nonce++).encoded());
            if (node.mempoolSize() >= 6_000) {
                blocks.add(node.produceBlock(List.of()));
            }
        }
        while (node.mempoolSize() > 0) {
            blocks.add(node.produceBlock(List.of()));
        }
        return blocks;
    }

    static ChainNode memoryNode(long[] clock) {
        return node(new MemoryStore(), clock);
    }
}
