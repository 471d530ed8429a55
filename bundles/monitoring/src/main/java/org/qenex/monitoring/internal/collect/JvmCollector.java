package org.qenex.monitoring.internal.collect;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Component;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The JVM's and the process's figures, from {@code java.lang.management}. Written here rather
 * than taken from {@code prometheus-metrics-instrumentation-jvm}, which imports
 * {@code com.sun.management} unconditionally and so does not resolve on Karaf 4.4; here the
 * process figures that only {@code com.sun.management} knows (CPU time, open files) are read when
 * the JVM offers them and left out otherwise.
 */
@Component(service = MultiCollector.class)
public final class JvmCollector implements MultiCollector {

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    /** Only the families asked for: the alert engine's scrape reads the heap, not the collectors' or threads' figures. */
    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        Families.Selection families = Families.select(included);
        if (families.wants("jvm_memory_used_bytes") || families.wants("jvm_memory_committed_bytes")
                || families.wants("jvm_memory_max_bytes")) {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
            families.add("jvm_memory_used_bytes", () -> Families.gauge("jvm_memory_used_bytes",
                    "Memory the JVM uses, by area (heap, nonheap).", Unit.BYTES, "area",
                    Map.of("heap", heap.getUsed(), "nonheap", nonHeap.getUsed())));
            families.add("jvm_memory_committed_bytes", () -> Families.gauge("jvm_memory_committed_bytes",
                    "Memory the JVM has from the operating system, by area.", Unit.BYTES, "area",
                    Map.of("heap", heap.getCommitted(), "nonheap", nonHeap.getCommitted())));
            if (heap.getMax() >= 0) {
                // -1 means "no limit": better no value than a wrong one.
                families.add("jvm_memory_max_bytes", () -> Families.gauge("jvm_memory_max_bytes",
                        "The most heap the JVM may use (-Xmx).", Unit.BYTES, "area", Map.of("heap", heap.getMax())));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        families.add("jvm_threads_current", () -> Families.gauge("jvm_threads_current", "Live threads, daemon threads included.",
                null, threads.getThreadCount()));
        families.add("jvm_threads_daemon", () -> Families.gauge("jvm_threads_daemon", "Live daemon threads.", null,
                threads.getDaemonThreadCount()));
        families.add("jvm_threads_peak", () -> Families.gauge("jvm_threads_peak", "The most live threads since the JVM started.",
                null, threads.getPeakThreadCount()));
        if (families.wants("jvm_gc_collections") || families.wants("jvm_gc_collection_seconds")) {
            Map<String, Long> collections = new LinkedHashMap<>();
            Map<String, Double> collectionSeconds = new LinkedHashMap<>();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                // -1 means "not known for this collector"
                if (gc.getCollectionCount() >= 0) {
                    collections.put(gc.getName(), gc.getCollectionCount());
                }
                if (gc.getCollectionTime() >= 0) {
                    collectionSeconds.put(gc.getName(), Unit.millisToSeconds(gc.getCollectionTime()));
                }
            }
            families.add("jvm_gc_collections", () -> Families.counter("jvm_gc_collections",
                    "Garbage collections since the JVM started, by collector.", null, "gc", collections));
            families.add("jvm_gc_collection_seconds", () -> Families.counter("jvm_gc_collection_seconds",
                    "Time spent in garbage collection, by collector.", Unit.SECONDS, "gc", collectionSeconds));
        }
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        families.add("process_start_time_seconds", () -> Families.gauge("process_start_time_seconds",
                "When the process started, in seconds since the Unix epoch.", Unit.SECONDS,
                Unit.millisToSeconds(runtime.getStartTime())));
        families.add("process_uptime_seconds", () -> Families.gauge("process_uptime_seconds",
                "How long the process has been running.", Unit.SECONDS, Unit.millisToSeconds(runtime.getUptime())));
        process(ManagementFactory.getOperatingSystemMXBean(), families);
        return families.snapshots();
    }

    private static void process(OperatingSystemMXBean os, Families.Selection families) {
        families.add("process_available_processors", () -> Families.gauge("process_available_processors",
                "Processors the JVM may use.", null, os.getAvailableProcessors()));
        if (os instanceof com.sun.management.OperatingSystemMXBean sunOs && families.wants("process_cpu_seconds")
                && sunOs.getProcessCpuTime() >= 0) {
            families.add("process_cpu_seconds", () -> Families.counter("process_cpu_seconds",
                    "CPU time the process has used, all threads, user and system.", Unit.SECONDS,
                    Unit.nanosToSeconds(sunOs.getProcessCpuTime())));
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unixOs) {
            // Each count lists /proc/self/fd: only when asked.
            families.add("process_open_fds", () -> Families.gauge("process_open_fds",
                    "File descriptors the process has open (files, sockets).", null, unixOs.getOpenFileDescriptorCount()));
            families.add("process_max_fds", () -> Families.gauge("process_max_fds",
                    "The most file descriptors the process may open.", null, unixOs.getMaxFileDescriptorCount()));
        }
    }
}
