package org.qenex.storage.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.StoreUnavailableException;

public class StorageEngineTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private StorageEngine store;

    @Before
    public void open() throws Exception {
        store = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
    }

    @After
    public void close() throws Exception {
        store.close();
    }

    private static void expectCode(String code, Runnable action) {
        try {
            action.run();
            fail("expected " + code);
        } catch (StorageException e) {
            assertEquals(e.getMessage(), code, e.code());
        }
    }

    @Test
    public void putGetDeleteAndCount() {
        Namespace<String, String> ns = store.namespace("things", Codecs.STRING, Codecs.STRING);
        ns.put("a", "1");
        ns.put("b", "2");
        ns.put("a", "3");
        assertEquals(Optional.of("3"), ns.get("a"));
        assertEquals(2, ns.count());
        ns.delete("a");
        ns.delete("missing");
        assertEquals(Optional.empty(), ns.get("a"));
        assertFalse(ns.contains("a"));
        assertTrue(ns.contains("b"));
        assertEquals(1, ns.count());
        assertEquals(List.of("things"), store.namespaces());
    }

    @Test
    public void scansFollowUnsignedByteOrder() {
        Namespace<byte[], String> ns = store.namespace("raw", Codecs.BYTES, Codecs.STRING);
        byte[][] keys = {{(byte) 0xFF}, {0x01}, {(byte) 0x80}, {0x01, 0x00}, {0x7F}};
        for (byte[] k : keys) {
            ns.put(k, "v");
        }
        List<KeyValue<byte[], String>> all = ns.range(null, null, 100);
        byte[][] expected = {{0x01}, {0x01, 0x00}, {0x7F}, {(byte) 0x80}, {(byte) 0xFF}};
        assertEquals(expected.length, all.size());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], all.get(i).key());
        }
        assertEquals(2, ns.range(new byte[] {0x7F}, new byte[] {(byte) 0xFF}, 100).size());
        assertEquals(2, ns.count(new byte[] {0x7F}, new byte[] {(byte) 0xFF}));
        assertEquals(2, ns.prefix(new byte[] {0x01}, 100).size());
        assertEquals(1, ns.prefix(new byte[] {(byte) 0xFF}, 100).size());
    }

    @Test
    public void rangeAndPrefixScansWithLimits() {
        Namespace<String, Long> ns = store.namespace("blocks", Codecs.STRING, Codecs.LONG);
        Batch batch = store.batch();
        for (int i = 0; i < 50; i++) {
            batch.put(ns, String.format("block/%03d", i), (long) i);
            batch.put(ns, String.format("tx/%03d", i), (long) -i);
        }
        batch.commit();
        List<KeyValue<String, Long>> blocks = ns.prefix("block/", 1000);
        assertEquals(50, blocks.size());
        assertEquals("block/000", blocks.get(0).key());
        assertEquals(Long.valueOf(49), blocks.get(49).value());
        assertEquals(10, ns.prefix("tx/", 10).size());
        List<KeyValue<String, Long>> window = ns.range("block/010", "block/015", 100);
        assertEquals(List.of("block/010", "block/011", "block/012", "block/013", "block/014"),
                window.stream().map(KeyValue::key).collect(Collectors.toList()));
        assertEquals(100, ns.count());
        assertEquals(5, ns.count("block/010", "block/015"));
        expectCode(StorageException.INVALID_ARGUMENT, () -> ns.range(null, null, 0));
    }

    @Test
    public void invalidNamesKeysAndValuesAreRefused() {
        for (String bad : new String[] {"", "Upper", "a/b", "../x", " x", "-x", "x".repeat(65), null}) {
            expectCode(StorageException.INVALID_NAMESPACE, () -> store.namespace(bad, Codecs.STRING, Codecs.STRING));
        }
        assertTrue(store.namespaces().isEmpty());
        Namespace<byte[], byte[]> ns = store.namespace("x".repeat(64), Codecs.BYTES, Codecs.BYTES);
        expectCode(StorageException.KEY_EMPTY, () -> ns.put(new byte[0], new byte[1]));
        expectCode(StorageException.KEY_TOO_LARGE, () -> ns.put(new byte[Store.MAX_KEY_BYTES + 1], new byte[1]));
        expectCode(StorageException.VALUE_TOO_LARGE, () -> ns.put(new byte[1], new byte[Store.MAX_VALUE_BYTES + 1]));
        ns.put(new byte[Store.MAX_KEY_BYTES], new byte[0]);
        assertEquals(1, ns.count());
    }

    @Test
    public void aBatchWithAFailedOperationCommitsNothing() {
        Namespace<String, String> a = store.namespace("a", Codecs.STRING, Codecs.STRING);
        Namespace<String, byte[]> b = store.namespace("b", Codecs.STRING, Codecs.BYTES);
        long before = store.statistics().lastPosition();
        Batch batch = store.batch();
        batch.put(a, "k1", "v1").put(a, "k2", "v2");
        expectCode(StorageException.VALUE_TOO_LARGE, () -> batch.put(b, "big", new byte[Store.MAX_VALUE_BYTES + 1]));
        expectCode(StorageException.BATCH_UNUSABLE, batch::commit);
        assertFalse(a.contains("k1"));
        assertFalse(a.contains("k2"));
        assertEquals(before, store.statistics().lastPosition());

        Codec<String> failing = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                throw new IllegalStateException("boom");
            }

            @Override
            public String decode(byte[] bytes) {
                return "";
            }
        };
        Batch second = store.batch().put(a, "k3", "v3");
        expectCode(StorageException.CODEC_FAILED, () -> second.put(a.as(Codecs.STRING, failing), "k4", "x"));
        expectCode(StorageException.BATCH_UNUSABLE, second::commit);
        assertFalse(a.contains("k3"));
    }

    @Test
    public void aBatchAcrossNamespacesAppliesWholeAndOnce() {
        Namespace<String, String> a = store.namespace("a", Codecs.STRING, Codecs.STRING);
        Namespace<String, String> b = store.namespace("b", Codecs.STRING, Codecs.STRING);
        Batch batch = store.batch().put(a, "x", "1").put(b, "y", "2").delete(a, "x").put(a, "x", "3");
        assertEquals(4, batch.size());
        long position = batch.commit();
        assertEquals(position, store.statistics().lastPosition());
        assertEquals(Optional.of("3"), a.get("x"));
        assertEquals(Optional.of("2"), b.get("y"));
        expectCode(StorageException.BATCH_UNUSABLE, batch::commit);
    }

    @Test
    public void compressionShrinksRepetitiveValuesAndKeepsThemIntact() {
        String text = "the quick brown fox jumps over the lazy dog; ".repeat(40);
        for (Compression c : Compression.values()) {
            Namespace<Long, String> ns = store.namespace("text-" + c.name().toLowerCase(), c, Codecs.LONG, Codecs.STRING);
            assertEquals(c, ns.compression());
            Batch batch = store.batch();
            for (long i = 0; i < 20; i++) {
                batch.put(ns, i, i + text);
            }
            batch.put(ns, 100L, "short");
            batch.commit();
            for (long i = 0; i < 20; i++) {
                assertEquals(i + text, ns.get(i).orElseThrow());
            }
            assertEquals("short", ns.get(100L).orElseThrow());
        }
        StoreStatistics stats = store.statistics();
        for (NamespaceStatistics ns : stats.namespaces()) {
            if (ns.compression() == Compression.NONE) {
                assertTrue(ns.compressionRatio() < 1.01);
            } else {
                assertTrue(ns.name() + " ratio " + ns.compressionRatio(), ns.compressionRatio() > 5);
            }
            assertEquals(21, ns.entries());
        }
        assertTrue(stats.compressionRatio() > 2);
        // the data folder's volume (DiskSpaceTest: its file store looked up once)
        assertTrue(stats.diskFreeBytes() > 0);
        assertTrue(store.statistics().diskFreeBytes() > 0);
    }

    @Test
    public void changingCompressionKeepsOldValuesReadable() {
        Namespace<String, String> ns = store.namespace("mixed", Compression.DEFLATE, Codecs.STRING, Codecs.STRING);
        String value = "abcabcabc".repeat(100);
        ns.put("old", value);
        Namespace<String, String> lz4 = store.namespace("mixed", Compression.LZ4, Codecs.STRING, Codecs.STRING);
        lz4.put("new", value);
        assertEquals(Compression.LZ4, ns.compression());
        assertEquals(value, ns.get("old").orElseThrow());
        assertEquals(value, ns.get("new").orElseThrow());
    }

    @Test
    public void readCacheCountsHitsAndIsInvalidatedByWrites() {
        Namespace<String, String> ns = store.namespace("cached", Codecs.STRING, Codecs.STRING);
        ns.put("k", "v1");
        StoreStatistics before = store.statistics();
        assertEquals("v1", ns.get("k").orElseThrow());
        assertEquals("v1", ns.get("k").orElseThrow());
        assertEquals("v1", ns.get("k").orElseThrow());
        StoreStatistics after = store.statistics();
        assertEquals(1, after.cacheMisses() - before.cacheMisses());
        assertEquals(2, after.cacheHits() - before.cacheHits());
        assertEquals(1, after.cacheEntries());
        assertTrue(after.cacheHitRate() > 0.5);
        ns.put("k", "v2");
        assertEquals("v2", ns.get("k").orElseThrow());
    }

    @Test
    public void dataSurvivesReopen() throws Exception {
        Namespace<String, String> ns = store.namespace("durable", Compression.LZ4, Codecs.STRING, Codecs.STRING);
        for (int i = 0; i < 100; i++) {
            ns.put("k" + i, "v" + i);
        }
        store.checkpoint();
        ns.put("after-checkpoint", "yes");
        store.close();
        store = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
        Namespace<String, String> again = store.namespace("durable", Codecs.STRING, Codecs.STRING);
        assertEquals(101, again.count());
        assertEquals("v42", again.get("k42").orElseThrow());
        assertEquals("yes", again.get("after-checkpoint").orElseThrow());
        assertEquals(Compression.LZ4, again.compression());
    }

    @Test
    public void aSecondOpenOfTheSameFilesFailsClearly() {
        try {
            StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE).close();
            fail("second open must fail");
        } catch (StoreUnavailableException e) {
            assertEquals(StorageException.STORE_UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("already open"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        store.namespace("still-works", Codecs.STRING, Codecs.STRING).put("k", "v");
    }

    @Test
    public void anInterruptedWriterNeitherFailsNorBreaksTheStore() throws Exception {
        Namespace<String, String> ns = store.namespace("things", Codecs.STRING, Codecs.STRING);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    // what a cancelled job or a stopping bundle does to its thread, mid-write
                    Thread.currentThread().interrupt();
                    ns.put("k" + i, "v" + i);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        writer.join();
        assertEquals(null, failure.get());
        assertTrue("the caller keeps its interrupt", stillInterrupted.get());
        ns.put("after", "ok");
        assertEquals(Optional.of("v199"), ns.get("k199"));
        assertEquals(201, ns.count());
    }

    @Test
    public void aCommitReturnsWhileACheckpointHoldsTheIndexAndAReadAfterItSeesTheValue() throws Exception {
        Namespace<String, String> ns = store.namespace("pool", Codecs.STRING, Codecs.STRING);
        ns.put("before", "1");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        store.indexLock().lock(); // what a checkpoint does for as long as MapDB's commit takes
        Future<Optional<String>> read;
        try {
            // durable in the journal is what a committer waits for; the index can wait
            threads.submit(() -> ns.put("during", "2")).get(10, TimeUnit.SECONDS);
            read = threads.submit(() -> ns.get("during"));
            try {
                read.get(300, TimeUnit.MILLISECONDS);
                fail("a read must wait until what was committed before it is applied");
            } catch (TimeoutException expected) {
                // still waiting for the apply, as it should
            }
        } finally {
            store.indexLock().unlock();
        }
        assertEquals(Optional.of("2"), read.get(10, TimeUnit.SECONDS));
        assertEquals(2, ns.count());
        threads.shutdownNow();
    }

    @Test
    public void whatWasCommittedBeforeCloseIsAppliedAndSurvivesReopen() throws Exception {
        Namespace<String, String> ns = store.namespace("pool", Codecs.STRING, Codecs.STRING);
        for (int i = 0; i < 500; i++) {
            ns.put("k" + i, "v" + i);
        }
        store.close();
        store = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
        Namespace<String, String> again = store.namespace("pool", Codecs.STRING, Codecs.STRING);
        assertEquals(500, again.count());
        assertEquals(Optional.of("v499"), again.get("k499"));
    }
}
