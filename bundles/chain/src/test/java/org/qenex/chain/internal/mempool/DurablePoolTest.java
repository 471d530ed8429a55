package org.qenex.chain.internal.mempool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/** The deletes of included transactions ride with later groups, a bounded number each, and never after a put that restores one. */
public class DurablePoolTest {

    private final MemoryStore store = new MemoryStore();
    private final Namespace<byte[], byte[]> namespace = store.namespace("chain.mempool", Codecs.BYTES, Codecs.BYTES);
    private final DurablePool pool = new DurablePool(store, namespace);
    private final KeyPair sender = TestChain.key(10);
    private long nonce;

    private Transaction next() {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, sender, TestChain.key(11).account(), 1, 1_000, nonce++);
    }

    private Transaction stored() {
        Transaction tx = next();
        pool.awaitDurable(pool.put(tx));
        return tx;
    }

    @Test
    public void eachGroupTakesAtMostItsShareOfSettledDeletesAfterItsOwnWrites() {
        List<Transaction> included = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            included.add(next());
        }
        DurablePool.Group group = null;
        for (Transaction tx : included) {
            group = pool.put(tx);
        }
        pool.awaitDurable(group);
        assertEquals(1_000, namespace.count());
        included.forEach(tx -> pool.settle(tx.id()));
        assertEquals("nothing is deleted until a group is committed", 1_000, namespace.count());

        Transaction admitted = stored();
        assertEquals("the group stored its put and " + DurablePool.SETTLED_PER_GROUP + " deletes",
                1_000 + 1 - DurablePool.SETTLED_PER_GROUP, namespace.count());
        assertEquals(1_000 - DurablePool.SETTLED_PER_GROUP, pool.settledBacklog());
        assertTrue("first settled, first deleted", namespace.get(included.get(0).id()).isEmpty());
        assertTrue(namespace.get(included.get(999).id()).isPresent());

        pool.flush();
        assertEquals("flush stores every settled delete", 1, namespace.count());
        assertTrue(namespace.get(admitted.id()).isPresent());
        assertEquals(0, pool.settledBacklog());
    }

    @Test
    public void aDeleteSettledInTheSameGroupAsItsPutLandsAfterIt() {
        Transaction tx = next();
        DurablePool.Group group = pool.put(tx);
        pool.settle(tx.id());
        pool.awaitDurable(group);
        assertEquals(0, namespace.count());
    }

    @Test
    public void aTransactionPutAgainAfterAReorganisationStaysStoredWhereverItsDeleteWas() {
        Transaction stillQueued = stored();
        Transaction alreadyStored = stored();
        pool.settle(alreadyStored.id());
        pool.flush();
        assertTrue("its delete reached the store", namespace.get(alreadyStored.id()).isEmpty());
        pool.settle(stillQueued.id());

        // the reorganisation's batch stored both as pending; then the mempool puts them again
        namespace.put(alreadyStored.id(), alreadyStored.encoded());
        pool.putAgain(stillQueued);
        pool.putAgain(alreadyStored);
        pool.flush();
        assertTrue("the queued delete was dropped", namespace.get(stillQueued.id()).isPresent());
        assertTrue(namespace.get(alreadyStored.id()).isPresent());
        assertEquals(0, pool.settledBacklog());
    }
}
