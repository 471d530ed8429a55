package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.util.tracker.ServiceTracker;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;

import com.fasterxml.jackson.databind.JsonNode;

/** The node's embedded store: written through its service, kept across an update of its bundle, administered over REST. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT extends QenexTestSupport {

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    @Test
    public void everyAcknowledgedWriteSurvivesAnUpdateOfTheStorageBundle() throws Exception {
        ServiceTracker<Store, Store> stores = new ServiceTracker<>(bundleContext, Store.class, null);
        stores.open();
        try {
            Store store = stores.waitForService(TIMEOUT.toMillis());
            Namespace<String, String> itest = store.namespace("itest.update", Codecs.STRING, Codecs.STRING);
            for (int b = 0; b < 20; b++) {
                Batch batch = store.batch();
                for (int i = 0; i < 50; i++) {
                    batch.put(itest, key(b, i), "value-" + b + "-" + i);
                }
                batch.commit();
            }
            assertEquals(1000, itest.count());

            Bundle storage = bundle("org.qenex.storage");
            List<String> stopped = Collections.synchronizedList(new ArrayList<>());
            SynchronousBundleListener listener = event -> {
                if (event.getType() == BundleEvent.STOPPED) {
                    stopped.add(event.getBundle().getSymbolicName());
                }
            };
            bundleContext.addBundleListener(listener);
            try {
                storage.update();
                await("a new Store service", () -> {
                    ServiceReference<Store> ref = stores.getServiceReference();
                    return ref != null && stores.getService(ref) != store;
                });
            } finally {
                bundleContext.removeBundleListener(listener);
            }
            assertEquals("only storage stopped: " + stopped, List.of("org.qenex.storage"), List.copyOf(stopped));

            Store updated = stores.getService();
            assertNotSame(store, updated);
            Namespace<String, String> again = updated.namespace("itest.update", Codecs.STRING, Codecs.STRING);
            assertEquals(1000, again.count());
            for (int b = 0; b < 20; b++) {
                for (int i = 0; i < 50; i++) {
                    assertEquals(Optional.of("value-" + b + "-" + i), again.get(key(b, i)));
                }
            }
            assertEquals(50, again.prefix("batch-07-", 1000).size());
        } finally {
            stores.close();
        }
    }

    @Test
    public void badInputIsRefusedAndChangesNothing() throws Exception {
        Store store = service(Store.class);
        StorageException badName = assertThrows(StorageException.class,
                () -> store.namespace("Not A Namespace!", Codecs.STRING, Codecs.STRING));
        assertEquals(StorageException.INVALID_NAMESPACE, badName.code());

        Namespace<String, String> ns = store.namespace("itest.bad", Codecs.STRING, Codecs.STRING);
        Batch batch = store.batch().put(ns, "kept-out", "value");
        StorageException tooLarge = assertThrows(StorageException.class,
                () -> batch.put(ns, "x".repeat(Store.MAX_KEY_BYTES + 1), "value"));
        assertEquals(StorageException.KEY_TOO_LARGE, tooLarge.code());
        assertThrows(StorageException.class, batch::commit);
        assertFalse("a rejected batch writes nothing", ns.contains("kept-out"));
        assertFalse(store.namespaces().contains("Not A Namespace!"));
    }

    @Test
    public void backupsAreMadeListedAndVerifiedOverRestByAdminsOnly() throws Exception {
        String password = adminPassword();
        addUser("storage-viewer", "storage-viewer-pw", "_g_:viewergroup");
        Store store = service(Store.class);
        Namespace<String, String> ns = store.namespace("itest.backup", Codecs.STRING, Codecs.STRING);
        store.batch().put(ns, "k", "v").commit();

        HttpResponse<String> stats = get("/api/v1/storage", ADMIN, password);
        assertEquals(stats.body(), 200, stats.statusCode());
        assertTrue(stats.body(), json(stats).path("namespaces").toString().contains("itest.backup"));
        assertJsonError(get("/api/v1/storage", "storage-viewer", "storage-viewer-pw"), 403, "forbidden");

        HttpResponse<String> created = post("/api/v1/storage/backups", "", ADMIN, password);
        assertEquals(created.body(), 201, created.statusCode());
        String id = json(created).path("id").asText();
        JsonNode listed = json(get("/api/v1/storage/backups", ADMIN, password));
        assertTrue(listed.toString(), listed.toString().contains(id));

        JsonNode verified = json(post("/api/v1/storage/backups/" + id + "/verify", "", ADMIN, password));
        assertTrue(verified.toString(), verified.path("intact").asBoolean());
        assertJsonError(post("/api/v1/storage/backups/no-such-backup/verify", "", ADMIN, password), 400, "invalid_argument");
        assertJsonError(post("/api/v1/storage/backups/20200101T000000000Z-0/verify", "", ADMIN, password), 404, "unknown_backup");

        String shell = shellAsAdmin("qenex:storage");
        assertTrue(shell, shell.contains("itest.backup"));
        assertTrue(shellAsAdmin("qenex:backup list").contains(id));
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        T service = tracker.waitForService(TIMEOUT.toMillis());
        if (service == null) {
            throw new AssertionError(type.getSimpleName() + " not registered");
        }
        return service;
    }

    private static String key(int batch, int item) {
        return String.format("batch-%02d-%03d", batch, item);
    }
}
