package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.NamespaceNotOwnedException;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;

/** A bundle's namespaces are its own unless it shares them; owners can drop theirs, durably. */
public class NamespaceOwnershipTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private StorageComponent storage;
    private Store weather;
    private Store other;

    @Before
    public void open() {
        storage = TestStores.storage(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE);
        weather = new BundleStore(storage, new NamespaceClaimant("org.example.weather", List.of("weather.public", "weather.feed.*")));
        other = TestStores.store(storage, "org.example.other");
    }

    @After
    public void close() {
        storage.close();
    }

    private void reopen() {
        storage.close();
        open();
    }

    private static void refused(Runnable call) {
        StorageException e = assertThrows(NamespaceNotOwnedException.class, call::run);
        assertEquals(StorageException.NAMESPACE_NOT_OWNED, e.code());
    }

    @Test
    public void anotherBundleCannotOpenANamespaceItDoesNotOwn() {
        weather.namespace("weather.private", Codecs.STRING, Codecs.STRING).put("key", "secret");
        refused(() -> other.namespace("weather.private", Codecs.STRING, Codecs.STRING));
        reopen();
        // the record is durable, and the owner keeps its namespace
        refused(() -> other.namespace("weather.private", Codecs.STRING, Codecs.STRING));
        assertEquals(Optional.of("secret"), weather.namespace("weather.private", Codecs.STRING, Codecs.STRING).get("key"));
        assertEquals("org.example.weather", storage.owners().get("weather.private").bundle());
    }

    @Test
    public void aSharedNamespaceIsOpenToEveryBundleButOnlyItsOwnerDropsIt() {
        weather.namespace("weather.public", Codecs.STRING, Codecs.STRING).put("today", "sunny");
        weather.namespace("weather.feed.hourly", Codecs.STRING, Codecs.STRING).put("12:00", "rain");
        Namespace<String, String> shared = other.namespace("weather.public", Compression.LZ4, Codecs.STRING, Codecs.STRING);
        assertEquals("the owner chooses the compression", Compression.NONE, shared.compression());
        assertEquals(Optional.of("sunny"), shared.get("today"));
        shared.put("tomorrow", "cloudy");
        assertEquals(Optional.of("rain"), other.namespace("weather.feed.hourly", Codecs.STRING, Codecs.STRING).get("12:00"));
        refused(() -> other.drop("weather.public"));
        assertEquals(List.of("weather.feed.hourly", "weather.public"), other.namespaces());
        assertEquals(2, other.statistics().namespaces().size());
    }

    @Test
    public void eachBundleListsOnlyWhatItMayOpen() {
        weather.namespace("weather.private", Codecs.STRING, Codecs.STRING);
        other.namespace("other.data", Codecs.STRING, Codecs.STRING);
        assertEquals(List.of("weather.private"), weather.namespaces());
        assertEquals(List.of("other.data"), other.namespaces());
        assertEquals(List.of("other.data"), other.statistics().namespaces().stream().map(n -> n.name()).toList());
        assertEquals(List.of("other.data", NamespaceOwners.NAMESPACE, "weather.private"), List.copyOf(storage.owners().keySet()));
    }

    @Test
    public void theNodesPrefixesAreReservedForItsBundles() {
        refused(() -> other.namespace("chain.blocks", Codecs.STRING, Codecs.STRING));
        refused(() -> other.namespace("ai.models", Codecs.STRING, Codecs.STRING));
        refused(() -> other.namespace("storage.anything", Codecs.STRING, Codecs.STRING));
        refused(() -> other.namespace(NamespaceOwners.NAMESPACE, Codecs.STRING, Codecs.STRING));
        refused(() -> TestStores.store(storage, NamespaceOwners.STORAGE_BUNDLE).namespace(NamespaceOwners.NAMESPACE,
                Codecs.STRING, Codecs.STRING));
        assertFalse(storage.owners().containsKey("chain.blocks"));
        TestStores.store(storage, "org.qenex.chain").namespace("chain.blocks", Codecs.STRING, Codecs.STRING).put("0", "genesis");
        assertEquals("org.qenex.chain", storage.owners().get("chain.blocks").bundle());
    }

    @Test
    public void namespacesFromBeforeOwnershipGoToTheFirstBundleThatMayClaimThem() throws Exception {
        storage.close();
        // a data folder of the previous release: namespaces without ownership records
        try (StorageEngine old = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE)) {
            old.namespace("chain.blocks", Codecs.STRING, Codecs.STRING).put("0", "genesis");
            old.namespace("notes", Codecs.STRING, Codecs.STRING).put("a", "b");
        }
        open();
        // a plugin that happens to start first cannot take the chain's namespace
        refused(() -> other.namespace("chain.blocks", Codecs.STRING, Codecs.STRING));
        Store chain = TestStores.store(storage, "org.qenex.chain");
        assertEquals(Optional.of("genesis"), chain.namespace("chain.blocks", Codecs.STRING, Codecs.STRING).get("0"));
        // an unreserved name goes to whoever opens it first
        assertEquals(Optional.of("b"), other.namespace("notes", Codecs.STRING, Codecs.STRING).get("a"));
        refused(() -> weather.namespace("notes", Codecs.STRING, Codecs.STRING));
        assertEquals("org.qenex.chain", storage.owners().get("chain.blocks").bundle());
        assertEquals("org.example.other", storage.owners().get("notes").bundle());
    }

    @Test
    public void theOwnerDropsANamespaceDurablyAndTheNameIsFreeAgain() throws Exception {
        Namespace<String, String> mine = weather.namespace("weather.private", Codecs.STRING, Codecs.STRING);
        mine.put("a", "1");
        mine.put("b", "2");
        refused(() -> other.drop("weather.private"));
        assertTrue(weather.drop("weather.private"));
        assertFalse(weather.drop("weather.private"));
        StorageException gone = assertThrows(StorageException.class, () -> mine.get("a"));
        assertEquals(StorageException.INVALID_NAMESPACE, gone.code());
        assertEquals(StorageException.INVALID_NAMESPACE,
                assertThrows(StorageException.class, () -> storage.batch().put(mine, "c", "3").commit()).code());
        // the drop survives a crash: the journal replays it past the last checkpoint
        storage.engine().checkpoint();
        weather.namespace("weather.other", Codecs.STRING, Codecs.STRING).put("x", "y");
        assertTrue(weather.drop("weather.other"));
        Simulate.crash(storage.engine());
        open();
        assertFalse(storage.owners().containsKey("weather.private"));
        assertFalse(storage.owners().containsKey("weather.other"));
        // the name is anyone's now, and starts empty
        Namespace<String, String> again = other.namespace("weather.private", Codecs.STRING, Codecs.STRING);
        assertEquals(0, again.count());
        assertEquals("org.example.other", storage.owners().get("weather.private").bundle());
    }

    @Test
    public void aBackupFromBeforeADropBringsTheNamespaceAndItsOwnerBack() {
        weather.namespace("weather.private", Codecs.STRING, Codecs.STRING).put("a", "1");
        BackupInfo backup = storage.backup();
        assertTrue(weather.drop("weather.private"));
        BackupInfo after = storage.backup();
        assertEquals(backup.namespaces() - 1, after.namespaces());
        storage.restore(backup.id(), true);
        assertEquals(Optional.of("1"), weather.namespace("weather.private", Codecs.STRING, Codecs.STRING).get("a"));
        refused(() -> other.namespace("weather.private", Codecs.STRING, Codecs.STRING));
    }

    @Test
    public void anAdministratorDropsAnyNamespaceButTheRecords() {
        weather.namespace("weather.private", Codecs.STRING, Codecs.STRING).put("a", "1");
        assertTrue(storage.dropAsAdministrator("weather.private"));
        refused(() -> storage.dropAsAdministrator(NamespaceOwners.NAMESPACE));
        assertEquals(List.of(NamespaceOwners.NAMESPACE), List.copyOf(storage.owners().keySet()));
    }

    @Test
    public void writesRacingADropNeverFollowItInTheJournal() throws Exception {
        Store writer = TestStores.store(storage, "org.example.writer");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 20; round++) {
                Namespace<Long, Long> ns = writer.namespace("busy", Codecs.LONG, Codecs.LONG);
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    long base = t * 1_000_000L;
                    writers.add(pool.submit(() -> {
                        for (long i = base; ; i++) {
                            try {
                                ns.put(i, i);
                            } catch (StorageException e) {
                                assertEquals(StorageException.INVALID_NAMESPACE, e.code());
                                return;
                            }
                        }
                    }));
                }
                assertTrue(writer.drop("busy"));
                for (Future<?> f : writers) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // reopening replays the whole journal: a write after its namespace's drop would fail it
        storage.engine().close();
        try (StorageEngine replayed = StorageEngine.open(TestStores.settings(folder.getRoot().toPath()), IncidentSink.NONE)) {
            assertFalse(replayed.namespaces().contains("busy"));
            assertTrue(replayed.health().status() == org.qenex.api.health.HealthStatus.UP);
        }
        open();
    }

    @Test
    public void theSharedHeaderListsNamesAndPrefixes() {
        NamespaceClaimant claimant = new NamespaceClaimant("b", NamespaceClaimant.parse(" weather.public , weather.feed.*,,"));
        assertEquals(List.of("weather.public", "weather.feed.*"), claimant.shared());
        assertTrue(claimant.shares("weather.public"));
        assertTrue(claimant.shares("weather.feed.hourly"));
        assertFalse(claimant.shares("weather.publicx"));
        assertFalse(claimant.shares("weather.private"));
        assertEquals(List.of(), NamespaceClaimant.parse(null));
        NamespaceOwner owner = new NamespaceOwner("org.example.weather", true);
        assertEquals(owner, NamespaceOwner.decode(owner.encode()));
    }
}
