package org.qenex.kernel.internal.work;

import java.time.Duration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.kernel.internal.resources.ResourceSample;
import org.qenex.kernel.internal.resources.ResourceSampleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared {@link WorkPool}: a {@link PriorityWorkPool} whose concurrency limit follows the
 * {@link AdaptiveConcurrency} controller, fed by every resource sample.
 */
@Component(name = "org.qenex.kernel.work", service = { WorkPool.class, ResourceSampleListener.class }, configurationPid = "org.qenex.kernel.work")
@Designate(ocd = WorkPoolConfiguration.class)
public final class AdaptiveWorkPool implements WorkPool, ResourceSampleListener {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveWorkPool.class);

    private final PriorityWorkPool pool;
    private final AdaptiveConcurrency concurrency;
    private final Duration stopTimeout;

    @Activate
    public AdaptiveWorkPool(@Reference ServiceLoad serviceLoad, WorkPoolConfiguration config) {
        int max = config.maxConcurrency() > 0 ? config.maxConcurrency() : Runtime.getRuntime().availableProcessors();
        this.concurrency = new AdaptiveConcurrency(new AdaptiveConcurrency.Settings(max, config.cpuHigh(),
                Math.min(config.cpuLow(), config.cpuHigh()), config.heapHigh(),
                Math.min(config.heapLow(), config.heapHigh())));
        this.stopTimeout = Duration.ofMillis(Math.max(0, config.stopTimeout()));
        this.pool = new PriorityWorkPool(max, serviceLoad::busy);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (!pool.stop(stopTimeout)) {
            LOG.warn("Some background jobs ignored their interruption and still run after {} ms", stopTimeout.toMillis());
        }
    }

    @Override
    public void sampled(ResourceSample sample) {
        int before = concurrency.limit();
        int after = concurrency.onSample(sample.systemCpuLoad(), sample.heapAfterGcRatio());
        if (after != before) {
            LOG.info("Background work concurrency {} -> {} (system CPU {}, heap after GC {})", before, after,
                    sample.systemCpuLoad(), sample.heapAfterGcRatio());
            pool.setLimit(after);
        }
    }

    @Override
    public JobHandle submit(String owner, String name, JobPriority priority, Runnable work) {
        return pool.submit(owner, name, priority, work);
    }

    @Override
    public JobHandle schedule(String owner, String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work) {
        return pool.schedule(owner, name, priority, initialDelay, period, work);
    }

    @Override
    public JobHandle scheduleAtFixedRate(String owner, String name, JobPriority priority, Duration initialDelay,
            Duration period, Runnable work) {
        return pool.scheduleAtFixedRate(owner, name, priority, initialDelay, period, work);
    }

    @Override
    public List<JobHandle> jobs(String owner) {
        return pool.jobs(owner);
    }

    @Override
    public int cancelAll(String owner) {
        return pool.cancelAll(owner);
    }

    @Override
    public WorkStats stats() {
        return pool.stats();
    }
}
