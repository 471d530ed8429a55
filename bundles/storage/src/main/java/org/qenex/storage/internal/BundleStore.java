package org.qenex.storage.internal;

import java.util.List;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.CommitTimes;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;

/**
 * The {@link Store} as one bundle sees it. Bundle scope: DS makes one per bundle that gets the
 * service, and the bundle it is made for is the claimant of every namespace it opens, so a bundle
 * cannot open another's namespaces by accident (see {@link NamespaceOwners}).
 */
@Component(service = Store.class, scope = ServiceScope.BUNDLE)
public final class BundleStore implements Store {

    private final StorageComponent storage;
    private final NamespaceClaimant claimant;

    @Activate
    public BundleStore(@Reference StorageComponent storage, ComponentContext context) {
        this(storage, NamespaceClaimant.of(context.getUsingBundle()));
    }

    /** The view of {@code claimant} (tests build it directly). */
    public BundleStore(StorageComponent storage, NamespaceClaimant claimant) {
        this.storage = storage;
        this.claimant = claimant;
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return storage.namespace(claimant, name, null, keyCodec, valueCodec);
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec) {
        return storage.namespace(claimant, name, compression, keyCodec, valueCodec);
    }

    @Override
    public List<String> namespaces() {
        return storage.namespaces(claimant);
    }

    @Override
    public Batch batch() {
        return storage.batch();
    }

    @Override
    public StoreStatistics statistics() {
        return storage.statistics(claimant);
    }

    @Override
    public CommitTimes commitTimes() {
        return storage.commitTimes();
    }

    @Override
    public boolean drop(String name) {
        return storage.drop(claimant, name);
    }
}
