package org.qenex.storage.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.VerifyResult;

/**
 * The storage services: {@link Store}, {@link BackupService} and the store's {@link HealthCheck}.
 *
 * <p>The component stays active even when the store fails to open: the health check then says
 * DOWN (so the kernel restarts the component, which retries the open) and every call fails with
 * {@code store_unavailable}. The kernel's {@link IncidentLog} is optional and dynamic.
 */
@Component(service = {Store.class, BackupService.class, HealthCheck.class}, configurationPid = "org.qenex.storage",
        property = HealthCheck.NAME + "=storage")
@Designate(ocd = StorageConfiguration.class)
public final class StorageComponent implements Store, BackupService, HealthCheck {

    private final IncidentRelay incidents = new IncidentRelay();
    private final StoreHost host;

    @Activate
    public StorageComponent(StorageConfiguration config, BundleContext context) {
        this.host = new StoreHost(settings(config, context), incidents);
    }

    static EngineSettings settings(StorageConfiguration config, BundleContext context) {
        Path root;
        if (config.directory() != null && !config.directory().isBlank()) {
            root = Path.of(config.directory());
        } else {
            String data = context.getProperty("karaf.data");
            root = Path.of(data == null ? "data" : data, "qenex", "storage");
        }
        return new EngineSettings(root, config.segmentMegabytes() * (1L << 20), config.cacheMegabytes() * (1L << 20),
                Duration.ofSeconds(config.checkpointSeconds()), 20_000, Duration.ofSeconds(config.verifyTimeoutSeconds()),
                config.backupRetainCount(), Duration.ofDays(config.backupRetainDays()), config.diskLowMegabytes() * (1L << 20));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIncidentLog(IncidentLog log) {
        incidents.bind(log);
    }

    void unbindIncidentLog(IncidentLog log) {
        incidents.unbind(log);
    }

    @Deactivate
    void deactivate() {
        host.close();
    }

    @Override
    public HealthResult check() {
        return host.health();
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return host.namespace(name, keyCodec, valueCodec);
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec) {
        return host.namespace(name, compression, keyCodec, valueCodec);
    }

    @Override
    public List<String> namespaces() {
        return host.namespaces();
    }

    @Override
    public Batch batch() {
        return host.batch();
    }

    @Override
    public StoreStatistics statistics() {
        return host.statistics();
    }

    @Override
    public BackupInfo backup() {
        return host.backup();
    }

    @Override
    public List<BackupInfo> list() {
        return host.list();
    }

    @Override
    public VerifyResult verify(String id) {
        return host.verify(id);
    }

    @Override
    public RestoreResult restore(String id, boolean dependentsStopped) {
        return host.restore(id, dependentsStopped);
    }

    @Override
    public RestoreResult restoreAt(Instant time, boolean dependentsStopped) {
        return host.restoreAt(time, dependentsStopped);
    }
}
