package org.qenex.storage.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.storage.internal.index.IndexWriter.NamespaceState;
import org.qenex.storage.internal.index.OutOfNodeValues;

/** Values over {@link OutOfNodeValues#INLINE_LIMIT} live in records of their own, and nothing about the store shows it. */
public class LargeValuesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private StorageEngine store;

    @Before
    public void open() {
        store = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
    }

    @After
    public void close() throws Exception {
        store.close();
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] key(int i) {
        return new byte[] {(byte) (i >> 8), (byte) i};
    }

    private byte[] held(String namespace, byte[] key) {
        store.namespaces(); // a read: waits until every commit so far is applied to the index
        NamespaceState ns = store.indexWriter().namespace(namespace);
        return ns.map.get(key);
    }

    @Test
    public void aLargeValueIsHeldByReferenceAndReadBackWhole() {
        Namespace<byte[], byte[]> ns = store.namespace("blocks", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
        byte[] block = random(700_000, 1);
        byte[] small = random(OutOfNodeValues.INLINE_LIMIT - 1, 2); // stored form: one byte more, at the limit
        ns.put(key(1), block);
        ns.put(key(2), small);

        assertTrue(OutOfNodeValues.isReference(held("blocks", key(1))));
        assertTrue(held("blocks", key(1)).length < 64);
        assertFalse(OutOfNodeValues.isReference(held("blocks", key(2))));
        assertArrayEquals(block, ns.get(key(1)).orElseThrow());
        assertArrayEquals(small, ns.get(key(2)).orElseThrow());
        List<KeyValue<byte[], byte[]>> scanned = ns.range(null, null, 10);
        assertEquals(2, scanned.size());
        assertArrayEquals(block, scanned.get(0).value());

        NamespaceStatistics figures = statistics("blocks");
        assertEquals(2, figures.entries());
        assertEquals(block.length + small.length, figures.valueBytes());
        assertEquals(block.length + 1 + small.length + 1, figures.storedValueBytes());
    }

    @Test
    public void aReplacedValueIsWrittenOverItsRecordAndADeletedOneFreesItKeepingTheFiguresExact() {
        Namespace<byte[], byte[]> ns = store.namespace("undo", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
        ns.put(key(1), random(50_000, 1));
        byte[] first = held("undo", key(1));
        byte[] sameLength = random(50_000, 2);
        ns.put(key(1), sameLength);
        assertArrayEquals("same lengths: the node's reference is unchanged", first, held("undo", key(1)));
        assertArrayEquals(sameLength, ns.get(key(1)).orElseThrow());

        byte[] longer = random(60_000, 3);
        ns.put(key(1), longer);
        byte[] second = held("undo", key(1));
        assertTrue(OutOfNodeValues.isReference(second));
        assertArrayEquals("the record is the same, its reference says the new length", Arrays.copyOfRange(first, 0, 9),
                Arrays.copyOfRange(second, 0, 9));
        assertArrayEquals(longer, ns.get(key(1)).orElseThrow());
        assertEquals(60_000, statistics("undo").valueBytes());

        ns.put(key(1), new byte[] {7}); // large to inline
        assertFreed(second);
        assertEquals(1, statistics("undo").valueBytes());

        byte[] last = random(80_000, 4);
        ns.put(key(2), last);
        byte[] third = held("undo", key(2));
        ns.delete(key(2));
        assertFreed(third);
        NamespaceStatistics figures = statistics("undo");
        assertEquals(1, figures.entries());
        assertEquals(1, figures.valueBytes());
        assertEquals(2, figures.storedValueBytes());
    }

    private void assertFreed(byte[] reference) {
        assertTrue(OutOfNodeValues.isReference(reference));
        store.namespaces();
        try {
            store.indexWriter().index().values().resolve(reference);
            fail("the record of a replaced value is still there");
        } catch (RuntimeException expected) {
            // MapDB refuses a deleted record, or our check finds it is not the value referred to
        }
    }

    private NamespaceStatistics statistics(String name) {
        return store.statistics().namespaces().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    public void compressedLargeValuesSurviveACheckpointAndACrashAfterIt() throws Exception {
        Namespace<byte[], byte[]> ns = store.namespace("blocks", Compression.LZ4, Codecs.BYTES, Codecs.BYTES);
        byte[] repetitive = new byte[400_000];
        for (int i = 0; i < repetitive.length; i++) {
            repetitive[i] = (byte) (i % 97);
        }
        for (int i = 0; i < 40; i++) { // more than a B-tree node's 32 entries
            ns.put(key(i), i % 2 == 0 ? random(20_000 + i, i) : repetitive);
        }
        store.checkpoint();
        ns.put(key(100), random(300_000, 100)); // journal only
        ns.put(key(3), random(5_000, 3)); // replaces a checkpointed one
        ns.delete(key(4));
        NamespaceStatistics before = statistics("blocks");
        Simulate.crash(store);

        // not closed cleanly: the open verifies every entry, reading each record, then replays the journal
        store = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
        Namespace<byte[], byte[]> again = store.namespace("blocks", Codecs.BYTES, Codecs.BYTES);
        assertEquals(40, again.count());
        assertArrayEquals(random(300_000, 100), again.get(key(100)).orElseThrow());
        assertArrayEquals(random(5_000, 3), again.get(key(3)).orElseThrow());
        assertFalse(again.get(key(4)).isPresent());
        assertArrayEquals(repetitive, again.get(key(39)).orElseThrow());
        assertArrayEquals(random(20_000 + 38, 38), again.get(key(38)).orElseThrow());
        NamespaceStatistics after = statistics("blocks");
        assertEquals(before.valueBytes(), after.valueBytes());
        assertEquals(before.storedValueBytes(), after.storedValueBytes());
        assertTrue("LZ4 shrank the repetitive values", after.storedValueBytes() < after.valueBytes());
    }

    @Test
    public void aBackupHoldsTheValuesNotTheReferencesAndRestoresThem() throws Exception {
        store.close();
        StorageComponent host = TestStores.storage(TestStores.settings(folder.getRoot().toPath()), new TestStores.Incidents());
        try {
            Namespace<byte[], byte[]> ns = TestStores.store(host, "org.example.test").namespace("blocks", Codecs.BYTES, Codecs.BYTES);
            for (int i = 0; i < 5; i++) {
                ns.put(key(i), random(30_000, i));
            }
            BackupInfo backup = host.backup();
            assertTrue(host.verify(backup.id()).intact());
            for (int i = 0; i < 5; i++) {
                ns.put(key(i), random(40_000, 10 + i)); // frees every record the backup read
            }
            ns.put(key(9), random(2_000, 9));

            host.restore(backup.id(), true);
            assertEquals(5, ns.count());
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(random(30_000, i), ns.get(key(i)).orElseThrow());
            }
        } finally {
            host.close();
        }
        store = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
    }

    @Test
    public void droppingANamespaceFreesItsRecords() {
        Namespace<byte[], byte[]> ns = store.namespace("scratch", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
        ns.put(key(1), random(10_000, 1));
        byte[] reference = held("scratch", key(1));
        assertTrue(store.drop("scratch", List.of()));
        assertFreed(reference);
        Namespace<byte[], byte[]> again = store.namespace("scratch", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
        assertEquals(0, again.count());
    }
}
