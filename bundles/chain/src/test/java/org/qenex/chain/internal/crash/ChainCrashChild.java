package org.qenex.chain.internal.crash;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/**
 * The child process of the crash test: a node that produces blocks as fast as it can under a load
 * of random transfers and prints {@code BLOCK <height> <hash>} once each block is stored, until it
 * is killed. Arguments: store folder, random seed.
 */
public final class ChainCrashChild {

    static final int ACCOUNTS = 12;

    private ChainCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        StorageEngine store = StoredChains.open(dir);
        TestChain.SlotClock clock = new TestChain.SlotClock();
        ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER, clock,
                ChainNode.Limits.DEFAULT);
        node.open();
        clock.startAfter(node.head().header().timestampMillis());
        PrintStream out = System.out;
        out.println("OPEN " + node.head().height());
        out.flush();
        ExecutorService submitters = Executors.newFixedThreadPool(ACCOUNTS);
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            keys.add(TestChain.key(20 + i));
        }
        while (true) {
            List<ImprovementProof> proofs = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                KeyPair lucky = keys.get(random.nextInt(keys.size()));
                proofs.add(TestChain.proof(lucky, 1 + random.nextInt(20_000), Long.toString(random.nextLong()), node.modelTip()));
            }
            int load = random.nextInt(200);
            Map<KeyPair, List<Transaction>> bySender = new LinkedHashMap<>();
            for (int i = 0; i < load; i++) {
                KeyPair from = keys.get(random.nextInt(keys.size()));
                KeyPair to = keys.get(random.nextInt(keys.size()));
                List<Transaction> own = bySender.computeIfAbsent(from, k -> new ArrayList<>());
                long nonce = node.account(from.account()).nonce() + own.size();
                long amount = 1 + random.nextInt(1_000_000);
                own.add(TransactionCodec.transfer(TestChain.CHAIN_ID, from, to.account(), amount, 1_000, nonce));
            }
            // senders side by side, as over REST: an admission waits for the store, and waiting ones share a commit
            List<Future<?>> sent = new ArrayList<>();
            for (List<Transaction> own : bySender.values()) {
                sent.add(submitters.submit(() -> {
                    for (Transaction tx : own) {
                        try {
                            node.submit(tx.encoded());
                        } catch (ChainException e) {
                            // unfunded senders are refused (and their later nonces then skip): part of the load
                        }
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            Block block = node.produceBlock(proofs);
            out.println("BLOCK " + block.height() + " " + block.hashHex());
            out.flush();
        }
    }
}
