package org.qenex.chain.internal.consensus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

public class SignatureCacheTest {

    private static Transaction transfer(int nonce) {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, TestChain.key(1), TestChain.key(2).account(), 1, 1_000, nonce);
    }

    @Test
    public void remembersValidSignaturesOnlyAndForgetsTheOldestFirst() throws Exception {
        SignatureCache cache = new SignatureCache(3);
        byte[] forged = transfer(9).encoded();
        forged[forged.length - 1] ^= 1;
        Transaction bad = TransactionCodec.decode(forged, 1 << 16);
        try {
            cache.check(bad);
            fail("a forged signature passed");
        } catch (ChainException e) {
            assertEquals(ChainError.BAD_SIGNATURE, e.error());
        }
        assertFalse(cache.contains(bad));
        for (int n = 0; n < 4; n++) {
            cache.check(transfer(n));
        }
        assertEquals(3, cache.size());
        assertFalse("the oldest goes first", cache.contains(transfer(0)));
        assertTrue(cache.contains(transfer(1)) && cache.contains(transfer(3)));
    }

    @Test
    public void threadsCheckingTheSameTransactionsLeaveTheBoundAndTheCountRight() throws Exception {
        int capacity = 50;
        SignatureCache cache = new SignatureCache(capacity);
        List<Transaction> txs = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            txs.add(transfer(n));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier start = new CyclicBarrier(4);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (Transaction tx : txs) {
                        // each thread its own decoded copy, as each request decodes its own
                        cache.check(TransactionCodec.decode(tx.encoded(), 1 << 16));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        // one entry per transaction however many threads inserted it: the count and the contents agree
        int remembered = 0;
        for (Transaction tx : txs) {
            remembered += cache.contains(tx) ? 1 : 0;
        }
        assertEquals(remembered, cache.size());
        assertTrue("bound " + capacity + ", holds " + remembered, remembered <= capacity && remembered > 0);
    }
}
