package org.qenex.monitoring.internal.history;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.chain.ChainView;
import org.qenex.api.node.NodeContext;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.qenex.monitoring.internal.collect.ChainActivity;
import org.qenex.monitoring.internal.rest.LatencyHistogram;
import org.qenex.monitoring.internal.rest.RestMetrics;

/**
 * The node's own last hour of the figures the console charts (CPU, heap, threads, disk, chain,
 * REST): sampled every period on the kernel's scheduler into a {@link HistoryRing}, so that a
 * browser opened now sees the hour before it. Each sample reads a few management beans and
 * counters the monitoring bundle already keeps; it runs no health check and no scrape.
 */
@Component(service = MetricHistory.class, configurationPid = MetricHistory.PID)
@Designate(ocd = HistoryConfiguration.class)
public final class MetricHistory {

    static final String PID = "org.qenex.monitoring.history";

    private final Clock clock;
    private final Path dataFolder;
    private final RestMetrics rest;
    private final ChainActivity chainActivity;
    private final int periodSeconds;
    private final HistoryRing ring;
    private final Sampler sampler = new Sampler();
    private final JobHandle job;
    private volatile ChainView chain;
    private volatile FileStore dataStore;

    @Activate
    public MetricHistory(@Reference WorkScheduler scheduler, @Reference NodeContext node, @Reference RestMetrics rest,
            @Reference ChainActivity chainActivity, HistoryConfiguration config) {
        this(scheduler, node.dataFolder(), rest, chainActivity, config, Clock.systemUTC());
    }

    MetricHistory(WorkScheduler scheduler, Path dataFolder, RestMetrics rest, ChainActivity chainActivity,
            HistoryConfiguration config, Clock clock) {
        this.clock = clock;
        this.dataFolder = dataFolder;
        this.rest = rest;
        this.chainActivity = chainActivity;
        this.periodSeconds = Math.max(1, config.periodSeconds());
        this.ring = new HistoryRing(Sampler.SERIES, Math.max(1, config.samples()));
        Duration every = Duration.ofSeconds(periodSeconds);
        // At a fixed rate, so the samples are evenly spaced whatever one costs; a first reading at once gives rates a base.
        // NORMAL, not LOW: a LOW job waits while the service is busy, and a busy hour is the one the charts must show.
        this.job = scheduler.scheduleAtFixedRate("metric-history", JobPriority.NORMAL, Duration.ZERO, every, this::sample);
    }

    @Deactivate
    void deactivate() {
        job.cancel();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setChain(ChainView view) {
        chain = view;
    }

    void unsetChain(ChainView view) {
        if (chain == view) {
            chain = null;
        }
    }

    public int periodSeconds() {
        return periodSeconds;
    }

    public int capacity() {
        return ring.capacity();
    }

    /** The samples taken after {@code afterEpochSeconds}, oldest first. */
    public HistoryRing.Window after(long afterEpochSeconds) {
        return ring.after(afterEpochSeconds);
    }

    void sample() {
        ring.add(clock.millis() / 1000, sampler.next(read()));
    }

    private Reading read() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long cpuNanos = -1;
        double systemLoad = Double.NaN;
        if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
            cpuNanos = sunOs.getProcessCpuTime();
            systemLoad = sunOs.getCpuLoad();
        }
        ChainView view = chain;
        long height = -1;
        long mempool = -1;
        if (view != null) {
            try {
                height = view.height();
                mempool = view.pendingTransactions();
            } catch (RuntimeException e) {
                // the chain going away between the check and the call: unknown this time
            }
        }
        return new Reading(System.nanoTime(), cpuNanos, os.getAvailableProcessors(), systemLoad, heap.getUsed(), heap.getMax(),
                ManagementFactory.getThreadMXBean().getThreadCount(), diskFree(), height, mempool, chainActivity.blocks(),
                chainActivity.transactions(), chainActivity.newestBlockMillis(), rest.bucketTotals(), LatencyHistogram.BOUNDS);
    }

    private long diskFree() {
        try {
            FileStore store = dataStore;
            if (store == null) {
                // Looked up once: finding a path's file store reads the whole mount table, every 10 s for the same answer.
                store = Files.getFileStore(dataFolder);
                dataStore = store;
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
