package org.qenex.chain.internal.crash;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.ledger.ChainNode;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/**
 * The child process of {@link MempoolCrashTest}: a node under a load of transfers submitted from
 * {@value #THREADS} threads at once through {@link ChainNode#submit}, the call the REST servlet makes,
 * while the main thread produces blocks. Each thread prints {@code ACK <id>} once {@code submit}
 * returned, i.e. when the servlet would answer 202 "pending". Runs until it is killed. Arguments:
 * store folder, random seed.
 */
public final class MempoolCrashChild {

    static final int THREADS = 16;
    static final int SENDERS_PER_THREAD = 1;

    private MempoolCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        StorageEngine store = StoredChains.open(dir);
        ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                System::currentTimeMillis, ChainNode.Limits.DEFAULT);
        String note = node.open();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < THREADS * SENDERS_PER_THREAD; i++) {
            senders.add(TestChain.key(40 + i));
        }
        fund(node, senders, new Random(seed));
        announce(out, "OPEN " + node.head().height() + " " + note);
        for (int t = 0; t < THREADS; t++) {
            List<KeyPair> own = senders.subList(t * SENDERS_PER_THREAD, (t + 1) * SENDERS_PER_THREAD);
            Random random = new Random(seed + t + 1);
            Thread submitter = new Thread(() -> submit(node, own, senders, random, out), "submitter-" + t);
            submitter.setDaemon(true);
            submitter.start();
        }
        Random random = new Random(seed);
        while (true) {
            Thread.sleep(random.nextInt(60));
            node.produceBlock(List.of());
        }
    }

    /** Mints 50 QXC to every sender short of 1 QXC (the first run on a store). */
    private static void fund(ChainNode node, List<KeyPair> senders, Random random) throws ChainException {
        List<ImprovementProof> proofs = new ArrayList<>();
        TestChain.ModelLine line = new TestChain.ModelLine(node.modelTip());
        for (KeyPair k : senders) {
            if (node.account(k.account()).balance() < Qxc.UNITS_PER_QXC) {
                proofs.add(line.next(k, 10_000, Long.toString(random.nextLong())));
            }
        }
        if (!proofs.isEmpty()) {
            node.produceBlock(proofs);
        }
    }

    /** Each thread is the only one that spends its senders' coins, so the next nonce it reads is its own. */
    private static void submit(ChainNode node, List<KeyPair> own, List<KeyPair> all, Random random, PrintStream out) {
        while (true) {
            KeyPair from = own.get(random.nextInt(own.size()));
            KeyPair to = all.get(random.nextInt(all.size()));
            long nonce = node.account(from.account()).nonce();
            Transaction tx = TransactionCodec.transfer(TestChain.CHAIN_ID, from, to.account(), 1 + random.nextInt(100_000),
                    1_000, nonce);
            try {
                node.submit(tx.encoded());
                announce(out, "ACK " + tx.idHex());
            } catch (ChainException e) {
                // refused (e.g. sender_limit while blocks lag): never acknowledged, so never checked
                Thread.onSpinWait();
            }
        }
    }

    private static void announce(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
