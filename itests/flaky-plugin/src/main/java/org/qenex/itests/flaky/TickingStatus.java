package org.qenex.itests.flaky;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.plugin.StatusContributor;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;

/** Counts the runs of a fixed-rate job and shows the count in the node's status. */
@Component(name = "org.qenex.itests.flaky.status")
public final class TickingStatus implements StatusContributor {

    private final AtomicLong ticks = new AtomicLong();
    private final JobHandle job;

    @Activate
    public TickingStatus(@Reference WorkScheduler scheduler) {
        job = scheduler.scheduleAtFixedRate("flaky-tick", JobPriority.NORMAL, Duration.ZERO, Duration.ofMillis(200),
                ticks::incrementAndGet);
    }

    @Deactivate
    void stop() {
        job.cancel();
    }

    @Override
    public Map<String, String> status() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("ticks", String.valueOf(ticks.get()));
        lines.put("job", job.state().name());
        return lines;
    }
}
