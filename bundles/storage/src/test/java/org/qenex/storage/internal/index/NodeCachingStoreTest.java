package org.qenex.storage.internal.index;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mapdb.BTreeMap;

/**
 * The index's cache of decoded B-tree nodes: every read answers what MapDB holds, through writes,
 * splits, deletes, checkpoints, rollbacks, a reopen and readers racing a writer, within its bound.
 */
public class NodeCachingStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static byte[] key(Random random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    private static byte[] value(long n) {
        return ByteBuffer.allocate(48).putLong(n).putLong(~n).array();
    }

    /** Checks every expected entry and the map's order against a TreeMap of the same entries. */
    private static void assertHolds(TreeMap<byte[], byte[]> expected, BTreeMap<byte[], byte[]> map) {
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), map.get(e.getKey()));
        }
        var actual = map.entrySet().iterator();
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            Map.Entry<byte[], byte[]> a = actual.next();
            assertArrayEquals(e.getKey(), a.getKey());
            assertArrayEquals(e.getValue(), a.getValue());
        }
        assertTrue("the map holds entries never put", !actual.hasNext());
    }

    @Test
    public void readsAnswerWhatWasWrittenThroughSplitsReplacementsDeletesAndAReopenWithoutTheCache() throws Exception {
        Path dir = folder.getRoot().toPath();
        TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
        Random random = new Random(1);
        // a cache far smaller than the tree: nodes are evicted and read back all the time
        try (MapIndex index = MapIndex.open(dir, 64 << 10)) {
            BTreeMap<byte[], byte[]> map = index.map("t");
            for (int i = 0; i < 20_000; i++) {
                byte[] k = key(random);
                expected.put(k, value(i));
                map.put(k, value(i));
                if (i % 5_000 == 4_999) {
                    index.checkpoint(IndexState.empty());
                }
            }
            byte[][] keys = expected.keySet().toArray(new byte[0][]);
            for (int i = 0; i < 5_000; i++) {
                byte[] k = keys[random.nextInt(keys.length)];
                if (i % 3 == 0) {
                    expected.remove(k);
                    map.remove(k);
                } else {
                    expected.put(k, value(-i));
                    map.put(k, value(-i));
                }
            }
            assertHolds(expected, map);
            long[] figures = index.nodeCacheFigures();
            assertTrue("reads hit the cache: " + Arrays.toString(figures), figures[0] > 0);
            assertTrue("reads missed it too (it is smaller than the tree): " + Arrays.toString(figures), figures[1] > 0);
            index.checkpoint(IndexState.empty());
        }
        try (MapIndex index = MapIndex.open(dir, 0)) {
            assertHolds(expected, index.map("t"));
            assertEquals("a cache of no bytes holds nothing", 0, index.nodeCacheFigures()[2]);
        }
    }

    @Test
    public void aRollbackForgetsTheNodesWrittenSinceTheCheckpoint() throws Exception {
        try (MapIndex index = MapIndex.open(folder.getRoot().toPath())) {
            BTreeMap<byte[], byte[]> map = index.map("t");
            TreeMap<byte[], byte[]> committed = new TreeMap<>(Arrays::compareUnsigned);
            Random random = new Random(2);
            for (int i = 0; i < 2_000; i++) {
                byte[] k = key(random);
                committed.put(k, value(i));
                map.put(k, value(i));
            }
            index.checkpoint(IndexState.empty());
            byte[] first = committed.firstKey();
            for (int i = 0; i < 2_000; i++) {
                map.put(key(random), value(i)); // new keys: splits, new nodes
            }
            map.put(first, value(-1));
            map.remove(committed.lastKey());
            assertArrayEquals(value(-1), map.get(first));
            index.rollbackToCheckpoint();
            assertHolds(committed, map);
        }
    }

    @Test
    public void theCacheStaysWithinItsBound() throws Exception {
        long bound = 256 << 10;
        try (MapIndex index = MapIndex.open(folder.getRoot().toPath(), bound)) {
            BTreeMap<byte[], byte[]> map = index.map("t");
            Random random = new Random(3);
            for (int i = 0; i < 50_000; i++) {
                map.put(key(random), value(i));
            }
            long[] figures = index.nodeCacheFigures();
            assertTrue("held within the bound, and filled: " + Arrays.toString(figures),
                    figures[3] <= bound && figures[3] > bound / 2 && figures[2] > 0);
            // a leaf of 32 such entries: 32 x (32 + 48 + 2 x 24) bytes and its node's overhead
            assertTrue("weighed as its entries: " + Arrays.toString(figures), figures[3] / figures[2] < 32 * 128 + 200);
        }
    }

    @Test
    public void readersRacingAWriterNeverSeeAValueOlderThanOneTheyAlreadySaw() throws Exception {
        try (MapIndex index = MapIndex.open(folder.getRoot().toPath(), 128 << 10)) {
            BTreeMap<byte[], byte[]> map = index.map("t");
            Random random = new Random(4);
            byte[][] keys = new byte[64][];
            for (int i = 0; i < 20_000; i++) {
                byte[] k = key(random);
                if (i < keys.length) {
                    keys[i] = k;
                }
                map.put(k, value(0));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService readers = Executors.newFixedThreadPool(3);
            try {
                Future<?>[] read = new Future<?>[3];
                for (int r = 0; r < read.length; r++) {
                    read[r] = readers.submit(() -> {
                        long[] seen = new long[keys.length];
                        Random pick = new Random();
                        while (writing.get()) {
                            int i = pick.nextInt(keys.length);
                            long now = ByteBuffer.wrap(map.get(keys[i])).getLong();
                            if (now < seen[i]) {
                                throw new AssertionError("key " + i + " went back from " + seen[i] + " to " + now);
                            }
                            seen[i] = now;
                        }
                        return null;
                    });
                }
                Random other = new Random(5);
                for (long n = 1; n <= 200; n++) {
                    for (byte[] k : keys) {
                        map.put(k, value(n));
                    }
                    for (int i = 0; i < 50; i++) {
                        map.put(key(other), value(n)); // splits among the watched keys' nodes
                    }
                }
                writing.set(false);
                for (Future<?> f : read) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writing.set(false);
                readers.shutdownNow();
            }
            for (byte[] k : keys) {
                assertEquals(200, ByteBuffer.wrap(map.get(k)).getLong());
            }
            assertNull(map.get(new byte[32]));
        }
    }
}
