package org.qenex.kernel.internal.resources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.kernel.internal.DataLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the node's resources on its own thread, keeps a bounded history, predicts exhaustion
 * of heap and disk and records one incident when a warning is raised and one when it clears.
 */
@Component(name = "org.qenex.kernel.resources", service = ResourceMonitor.class, configurationPid = "org.qenex.kernel.resources")
@Designate(ocd = ResourceMonitorConfiguration.class)
public final class ScheduledResourceMonitor implements ResourceMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledResourceMonitor.class);
    private static final double MB = 1024.0 * 1024.0;

    private final IncidentLog incidents;
    private final ResourceMonitorConfiguration config;
    private final ResourceSampler sampler;
    private final TrendPredictor predictor = new TrendPredictor(5);
    private final PressureAlarm heapAlarm;
    private final PressureAlarm diskAlarm;
    /** Oldest first; guarded by itself. */
    private final ArrayDeque<ResourceSample> history = new ArrayDeque<>();
    private final List<ResourceSampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private volatile ResourceOutlook outlook = ResourceOutlook.UNKNOWN;

    @Activate
    public ScheduledResourceMonitor(ResourceMonitorConfiguration config, @Reference IncidentLog incidents,
            BundleContext context) {
        this.incidents = incidents;
        this.config = config;
        Path data = DataLocation.of(context).karafData();
        this.sampler = new ResourceSampler(Files.isDirectory(data) ? data : data.toAbsolutePath().getRoot());
        this.heapAlarm = new PressureAlarm(config.clearAfter());
        this.diskAlarm = new PressureAlarm(config.clearAfter());
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread monitor = new Thread(task, "qenex-resources");
            monitor.setDaemon(true);
            return monitor;
        });
        thread.scheduleWithFixedDelay(this::sampleOnce, 0, Math.max(100, config.sampleInterval()),
                TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(ResourceSampleListener listener) {
        listeners.add(listener);
    }

    void removeListener(ResourceSampleListener listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        thread.shutdownNow();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("The resource monitor thread did not stop within 5 s");
        }
    }

    @Override
    public Optional<ResourceSample> latest() {
        synchronized (history) {
            return Optional.ofNullable(history.peekLast());
        }
    }

    @Override
    public List<ResourceSample> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    @Override
    public ResourceOutlook outlook() {
        return outlook;
    }

    private void sampleOnce() {
        try {
            ResourceSample sample = sampler.sample(Instant.now());
            List<ResourceSample> window;
            synchronized (history) {
                history.addLast(sample);
                while (history.size() > Math.max(10, config.historySize())) {
                    history.removeFirst();
                }
                List<ResourceSample> all = List.copyOf(history);
                window = all.subList(Math.max(0, all.size() - Math.max(5, config.trendWindow())), all.size());
            }
            outlook = judge(sample, window);
            for (ResourceSampleListener listener : listeners) {
                listener.sampled(sample);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; one bad sample must not end monitoring.
            LOG.warn("Sampling resources failed; the next sample runs as scheduled", e);
        }
    }

    private ResourceOutlook judge(ResourceSample sample, List<ResourceSample> window) {
        Optional<Duration> heapFull = heapTrend(window);
        Optional<Duration> diskFull = diskTrend(window);

        double afterGc = sample.heapAfterGcRatio();
        boolean heapHigh = afterGc > config.heapThreshold();
        boolean heapSoon = heapFull.filter(d -> d.toMillis() < config.heapHorizon()).isPresent();
        // The figures are words for an incident: formatted only when an alarm is raised or cleared, not every sample.
        Supplier<String> heapFigures = () -> String.format("heap %.0f of %.0f MB after GC (%s), %s",
                Math.max(0, sample.heapAfterGc()) / MB, Math.max(0, sample.heapAfterGcMax()) / MB,
                ResourceSample.percent(afterGc), prediction(heapFull));
        report("resource:heap", heapAlarm.update(heapHigh || heapSoon), figures -> heapHigh
                ? "heap after GC above " + ResourceSample.percent(config.heapThreshold()) + ": " + figures
                : "heap predicted to run out within the horizon: " + figures, heapFigures);

        double free = sample.diskFreeRatio();
        boolean diskLow = free >= 0 && free < config.diskFreeMinimum();
        boolean diskSoon = diskFull.filter(d -> d.toMillis() < config.diskHorizon()).isPresent();
        Supplier<String> diskFigures = () -> String.format("data volume %.0f of %.0f MB free (%s), %s",
                sample.diskFree() / MB, sample.diskTotal() / MB, ResourceSample.percent(free), prediction(diskFull));
        report("resource:disk", diskAlarm.update(diskLow || diskSoon), figures -> diskLow
                ? "free disk below " + ResourceSample.percent(config.diskFreeMinimum()) + ": " + figures
                : "disk predicted to fill within the horizon: " + figures, diskFigures);

        return new ResourceOutlook(heapFull, diskFull, heapAlarm.isRaised(), diskAlarm.isRaised());
    }

    private Optional<Duration> heapTrend(List<ResourceSample> window) {
        ResourceSample last = window.get(window.size() - 1);
        // After-GC figures when the old generation reports them; raw use (a saw-tooth) only as a fallback.
        boolean afterGc = last.heapAfterGc() >= 0;
        List<ResourceSample> usable = afterGc
                ? window.stream().filter(s -> s.heapAfterGc() >= 0).toList()
                : window;
        long[] times = new long[usable.size()];
        double[] values = new double[usable.size()];
        for (int i = 0; i < usable.size(); i++) {
            times[i] = usable.get(i).time().toEpochMilli();
            values[i] = afterGc ? usable.get(i).heapAfterGc() : usable.get(i).heapUsed();
        }
        long limit = afterGc ? last.heapAfterGcMax() : last.heapMax();
        return limit > 0 ? predictor.timeToReach(times, values, limit) : Optional.empty();
    }

    private Optional<Duration> diskTrend(List<ResourceSample> window) {
        int n = window.size();
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = window.get(i).time().toEpochMilli();
            values[i] = window.get(i).diskUsed();
        }
        long total = window.get(n - 1).diskTotal();
        return total > 0 ? predictor.timeToReach(times, values, total) : Optional.empty();
    }

    private void report(String part, PressureAlarm.Change change, UnaryOperator<String> warning, Supplier<String> figures) {
        if (change == PressureAlarm.Change.RAISED) {
            incidents.report(part, HealthStatus.DEGRADED, warning.apply(figures.get()), "none", "watching");
        } else if (change == PressureAlarm.Change.CLEARED) {
            incidents.report(part, HealthStatus.UP, "back to normal: " + figures.get(), "none", "recovered");
        }
    }

    private static String prediction(Optional<Duration> full) {
        return full.map(d -> "full in about " + (d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s"))
                .orElse("stable");
    }
}
