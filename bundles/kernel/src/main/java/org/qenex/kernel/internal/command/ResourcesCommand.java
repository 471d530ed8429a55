package org.qenex.kernel.internal.command;

import java.time.Duration;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.kernel.internal.resources.ResourceSample;
import org.qenex.kernel.internal.status.NodeStatus;
import org.qenex.kernel.internal.status.StatusReport;
import org.qenex.kernel.internal.work.WorkStats;

@Command(scope = "qenex", name = "resources",
        description = "Shows the newest resource sample, exhaustion predictions and background work.")
@Service
public class ResourcesCommand implements Action {

    private static final double MB = 1024.0 * 1024.0;

    @Reference
    private NodeStatus status;

    @Override
    public Object execute() {
        StatusReport report = status.report();
        Optional<ResourceSample> latest = report.resources();
        if (latest.isEmpty()) {
            System.out.println("No resource sample yet.");
        } else {
            ResourceSample s = latest.get();
            System.out.printf("Sampled:     %s%n", s.time());
            System.out.printf("CPU:         process %s, system %s%n", percent(s.processCpuLoad()), percent(s.systemCpuLoad()));
            System.out.printf("Heap:        %.0f MB used, %.0f MB committed, %.0f MB max%n", s.heapUsed() / MB,
                    s.heapCommitted() / MB, s.heapMax() / MB);
            System.out.printf("After GC:    %s%n", s.heapAfterGc() < 0 ? "n/a (no old-generation collection yet)"
                    : String.format("%.0f MB (%s)", s.heapAfterGc() / MB, percent(s.heapAfterGcRatio())));
            System.out.printf("GC:          %d collections, %d ms%n", s.gcCount(), s.gcTimeMillis());
            System.out.printf("Threads:     %d%n", s.threads());
            System.out.printf("Files:       %s%n", s.openFds() < 0 ? "n/a" : s.openFds() + " open of " + s.maxFds());
            System.out.printf("Disk:        %.0f MB free of %.0f MB (%s)%n", s.diskFree() / MB, s.diskTotal() / MB,
                    percent(s.diskFreeRatio()));
        }
        System.out.printf("Heap trend:  %s%s%n", prediction(report.outlook().heapExhaustedIn()),
                report.outlook().heapWarning() ? " (WARNING)" : "");
        System.out.printf("Disk trend:  %s%s%n", prediction(report.outlook().diskFullIn()),
                report.outlook().diskWarning() ? " (WARNING)" : "");
        WorkStats work = report.work();
        System.out.printf("Work:        %d running, %d queued, %d waiting, limit %d of %d, %d completed, %d failed%n",
                work.running(), work.queued(), work.waiting(), work.limit(), work.maxConcurrency(), work.completed(),
                work.failed());
        return null;
    }

    private static String percent(double ratio) {
        return ratio < 0 ? "n/a" : Math.round(ratio * 100) + "%";
    }

    private static String prediction(Optional<Duration> exhaustedIn) {
        return exhaustedIn.map(d -> "exhausted in about " + HumanDuration.of(d)).orElse("stable");
    }
}
