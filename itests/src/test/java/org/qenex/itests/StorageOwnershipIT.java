package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import java.util.function.Function;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.NamespaceNotOwnedException;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;

/**
 * Namespaces belong to the bundle that created them. The test probe is one bundle; a second
 * bundle's view of the {@link Store} is the one the framework hands that bundle's own context.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageOwnershipIT extends QenexTestSupport {

    private ServiceTracker<Store, Store> stores;

    @Configuration
    public Option[] config() {
        return baseConfiguration();
    }

    /** The probe shares one namespace, as a plugin does in its manifest. */
    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        probe.setHeader(Store.SHARED_NAMESPACES_HEADER, "itest.shared");
        return probe;
    }

    @Before
    public void track() {
        stores = new ServiceTracker<>(bundleContext, Store.class, null);
        stores.open();
    }

    @After
    public void untrack() {
        stores.close();
    }

    /** The probe's own view of the store. */
    private Store mine() throws InterruptedException {
        Store store = stores.waitForService(TIMEOUT.toMillis());
        if (store == null) {
            throw new AssertionError("Store not registered");
        }
        return store;
    }

    /** Runs {@code work} with the Store service as {@code bundle} gets it (bundle scope: its own view). */
    private static <T> T asBundle(Bundle bundle, Function<Store, T> work) {
        BundleContext context = bundle.getBundleContext();
        ServiceReference<Store> ref = context.getServiceReference(Store.class);
        Store store = context.getService(ref);
        try {
            return work.apply(store);
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    public void theStoreIsServedWithBundleScope() throws Exception {
        mine();
        assertEquals(Constants.SCOPE_BUNDLE, bundleContext.getServiceReference(Store.class).getProperty(Constants.SERVICE_SCOPE));
    }

    @Test
    public void aPluginCannotOpenTheChainsNamespacesButTheChainCan() throws Exception {
        Store mine = mine();
        StorageException refused = assertThrows(NamespaceNotOwnedException.class,
                () -> mine.namespace("chain.blocks", Codecs.BYTES, Codecs.BYTES));
        assertEquals(StorageException.NAMESPACE_NOT_OWNED, refused.code());
        assertThrows(NamespaceNotOwnedException.class, () -> mine.namespace("ai.models", Codecs.STRING, Codecs.BYTES));
        assertFalse(mine.namespaces().contains("chain.blocks"));

        await("the chain's namespaces claimed by the chain", () -> {
            try {
                return shellAsAdmin("qenex:storage").matches("(?s).*chain\\.blocks\\s+org\\.qenex\\.chain\\s.*");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Bundle chain = bundle("org.qenex.chain");
        assertTrue(asBundle(chain, store -> store.namespaces().contains("chain.blocks")));
        assertTrue(asBundle(chain, store -> store.namespace("chain.blocks", Codecs.BYTES, Codecs.BYTES).count() >= 1));
    }

    @Test
    public void aSecondBundleCannotOpenAnotherBundlesNamespaceUnlessItIsShared() throws Exception {
        Store mine = mine();
        mine.namespace("itest.private", Codecs.STRING, Codecs.STRING).put("k", "private");
        mine.namespace("itest.shared", Codecs.STRING, Codecs.STRING).put("k", "shared");
        Bundle other = bundle("org.qenex.ai.tasks");

        StorageException refused = asBundle(other, store -> assertThrows(NamespaceNotOwnedException.class,
                () -> store.namespace("itest.private", Codecs.STRING, Codecs.STRING)));
        assertTrue(refused.getMessage(), refused.getMessage().contains(bundleContext.getBundle().getSymbolicName()));
        assertEquals(Optional.of("shared"),
                asBundle(other, store -> store.namespace("itest.shared", Codecs.STRING, Codecs.STRING).get("k")));
        assertThrows(NamespaceNotOwnedException.class, () -> asBundle(other, store -> store.drop("itest.shared")));
        assertFalse(asBundle(other, Store::namespaces).contains("itest.private"));
        assertTrue(asBundle(other, Store::namespaces).contains("itest.shared"));
    }

    @Test
    public void theOwnerDropsItsNamespaceAndAnAdminDropsAnyFromTheShell() throws Exception {
        Store mine = mine();
        Namespace<String, String> ns = mine.namespace("itest.drop", Codecs.STRING, Codecs.STRING);
        ns.put("a", "1");
        assertTrue(mine.drop("itest.drop"));
        assertFalse(mine.namespaces().contains("itest.drop"));
        assertEquals(StorageException.INVALID_NAMESPACE, assertThrows(StorageException.class, () -> ns.get("a")).code());
        assertEquals(0, mine.namespace("itest.drop", Codecs.STRING, Codecs.STRING).count());

        mine.namespace("itest.admin", Codecs.STRING, Codecs.STRING).put("a", "1");
        assertTrue(shellAsAdmin("qenex:storage drop itest.admin").contains("dropped itest.admin"));
        assertFalse(mine.namespaces().contains("itest.admin"));
        assertTrue(shellAsAdmin("qenex:storage drop itest.admin").contains("no namespace itest.admin"));
    }
}
