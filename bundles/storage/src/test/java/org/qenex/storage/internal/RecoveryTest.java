package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;

/** Damage to the index or the journal tail is detected, reported, and recovered from. */
public class RecoveryTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private EngineSettings settings() {
        return TestStores.settings(folder.getRoot().toPath()).withSegmentBytes(16 * 1024);
    }

    private static void fill(StorageEngine store, int from, int to) {
        Namespace<String, String> ns = store.namespace("data", Compression.LZ4, Codecs.STRING, Codecs.STRING);
        for (int i = from; i < to; i++) {
            store.batch().put(ns, "k" + i, "value-" + i).put(ns, "pair" + i, "p" + i).commit();
        }
    }

    private static void check(StorageEngine store, int to) {
        Namespace<String, String> ns = store.namespace("data", Codecs.STRING, Codecs.STRING);
        assertEquals(2L * to, ns.count());
        for (int i = 0; i < to; i++) {
            assertEquals("value-" + i, ns.get("k" + i).orElseThrow());
            assertEquals("p" + i, ns.get("pair" + i).orElseThrow());
        }
        assertEquals(2L * to, ns.range(null, null, 100_000).size());
    }

    /** Overwrites the middle of the MapDB file with garbage, as a torn or bad write would. */
    private void damageIndex() throws Exception {
        Path db = settings().layout().index().resolve("index.db");
        long size = Files.size(db);
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[(int) Math.min(64 * 1024, size / 2)];
            java.util.Arrays.fill(garbage, (byte) 0x5A);
            file.seek(0);
            file.write(garbage, 0, 64);
            file.seek(size / 4);
            file.write(garbage);
        }
        Files.deleteIfExists(settings().layout().index().resolve("clean"));
    }

    @Test
    public void aCorruptedIndexIsRebuiltFromTheJournal() throws Exception {
        TestStores.Incidents incidents = new TestStores.Incidents();
        try (StorageEngine store = StorageEngine.open(settings(), incidents)) {
            fill(store, 0, 300);
            store.checkpoint();
        }
        damageIndex();
        try (StorageEngine store = StorageEngine.open(settings(), incidents)) {
            check(store, 300);
            fill(store, 300, 310);
            check(store, 310);
        }
        assertTrue(incidents.reported.toString(), incidents.any("index damaged"));
        assertTrue(incidents.any("index rebuilt"));
        assertTrue(Files.exists(settings().layout().damagedIndex()));
    }

    @Test
    public void aDeletedIndexIsRebuiltFromTheJournal() throws Exception {
        try (StorageEngine store = StorageEngine.open(settings(), IncidentSink.NONE)) {
            fill(store, 0, 50);
        }
        StoreOpener.deleteTree(settings().layout().index());
        try (StorageEngine store = StorageEngine.open(settings(), IncidentSink.NONE)) {
            check(store, 50);
        }
    }

    @Test
    public void aCorruptedIndexWithAPrunedJournalIsRebuiltFromBackupAndJournal() throws Exception {
        TestStores.Incidents incidents = new TestStores.Incidents();
        try (StorageEngine store = StorageEngine.open(settings(), incidents)) {
            fill(store, 0, 300);
            store.backup();
            fill(store, 300, 600);
            store.checkpoint();
            assertTrue("journal must have been pruned up to the backup", store.journalFirstSequence() > 1);
        }
        damageIndex();
        try (StorageEngine store = StorageEngine.open(settings(), incidents)) {
            check(store, 600);
        }
        assertTrue(incidents.any("newest good backup"));
    }

    @Test
    public void aTornJournalTailIsTruncatedReportedAndTheStoreOpens() throws Exception {
        TestStores.Incidents incidents = new TestStores.Incidents();
        try (StorageEngine store = StorageEngine.open(settings(), incidents)) {
            fill(store, 0, 40);
        }
        Path last;
        try (Stream<Path> files = Files.list(settings().layout().journal())) {
            last = files.sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7}));
        }
        try (StorageEngine store = StorageEngine.open(settings(), incidents)) {
            check(store, 40);
            fill(store, 40, 45);
            check(store, 45);
        }
        assertTrue(incidents.reported.toString(), incidents.any("torn record"));
    }

    @Test
    public void anUncleanShutdownReplaysTheJournalPastTheCheckpoint() throws Exception {
        StorageEngine crashed = StorageEngine.open(settings(), IncidentSink.NONE);
        fill(crashed, 0, 20);
        crashed.checkpoint();
        fill(crashed, 20, 30);
        // Simulate a crash: the lock goes with the process, the index is never checkpointed again.
        Simulate.crash(crashed);
        try (StorageEngine store = StorageEngine.open(settings(), IncidentSink.NONE)) {
            check(store, 30);
            assertFalse(store.health().message().isEmpty());
        }
    }
}
