package org.qenex.kernel.internal.resources;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** The JVM's own CPU time, for the samplers that turn it into a load figure. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /**
     * The JVM's CPU time in nanoseconds, or -1 when unknown: one system call where HotSpot offers it.
     * {@code ProcessHandle.info()}, the fallback, reads and parses several {@code /proc} files and
     * looks up the user each time, and the bean's {@code getProcessCpuLoad()} reads four cgroup files
     * and {@code /proc/stat} in a container: both too much for samplers that run on an idle node.
     */
    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos;
            }
        }
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
