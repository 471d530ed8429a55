package org.qenex.kernel.internal.work;

import java.time.Duration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link WorkScheduler} per using bundle. When the bundle releases it (it stops, or it is
 * refreshed), every job it submitted is cancelled, so no job outlives the code it runs.
 */
@Component(name = "org.qenex.kernel.scheduler", service = WorkScheduler.class, scope = ServiceScope.BUNDLE)
public final class BundleWorkScheduler implements WorkScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(BundleWorkScheduler.class);

    private final WorkPool pool;
    private final ServiceLoad serviceLoad;
    private final String owner;

    @Activate
    public BundleWorkScheduler(@Reference WorkPool pool, @Reference ServiceLoad serviceLoad, ComponentContext context) {
        this(pool, serviceLoad, ownerName(context.getUsingBundle()));
    }

    BundleWorkScheduler(WorkPool pool, ServiceLoad serviceLoad, String owner) {
        this.pool = pool;
        this.serviceLoad = serviceLoad;
        this.owner = owner;
    }

    @Override
    public boolean serviceBusy() {
        return serviceLoad.busy();
    }

    @Override
    public boolean awaitQuiet(Duration maxWait) throws InterruptedException {
        return serviceLoad.awaitQuiet(maxWait);
    }

    @Deactivate
    void deactivate() {
        int cancelled = pool.cancelAll(owner);
        if (cancelled > 0) {
            LOG.info("Cancelled {} job(s) of {}, which released its work scheduler", cancelled, owner);
        }
    }

    @Override
    public JobHandle submit(String name, JobPriority priority, Runnable work) {
        return pool.submit(owner, name, priority, work);
    }

    @Override
    public JobHandle schedule(String name, JobPriority priority, Duration initialDelay, Duration period, Runnable work) {
        return pool.schedule(owner, name, priority, initialDelay, period, work);
    }

    @Override
    public JobHandle scheduleAtFixedRate(String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work) {
        return pool.scheduleAtFixedRate(owner, name, priority, initialDelay, period, work);
    }

    @Override
    public List<JobHandle> jobs() {
        return pool.jobs(owner);
    }

    private static String ownerName(Bundle bundle) {
        return bundle == null ? "unknown bundle" : WorkPool.ownerOf(bundle.getSymbolicName(), bundle.getBundleId());
    }
}
