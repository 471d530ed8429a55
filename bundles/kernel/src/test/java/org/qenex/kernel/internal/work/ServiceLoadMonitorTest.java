package org.qenex.kernel.internal.work;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.FilterChain;

import org.junit.Test;
import org.qenex.kernel.internal.testing.ManualScheduler;

/**
 * The service load sampler's pace: fast while the node is asked things, slow while it is idle, and
 * back to fast at the first request. Sample counts come from the CPU reader, called once a sample.
 */
public class ServiceLoadMonitorTest {

    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-12-06T00:00:00Z"));
    private final AtomicInteger samples = new AtomicInteger(-1); // the constructor reads the CPU time once
    private final AtomicLong cpu = new AtomicLong();
    private final ServiceLoadMonitor monitor = new ServiceLoadMonitor(defaults(), time, time.clock(), () -> {
        samples.incrementAndGet();
        return cpu.get();
    });

    @Test
    public void anIdleNodeIsSampledAtTheIdlePace() {
        time.advance(Duration.ofMillis(ServiceLoadMonitor.SAMPLE_MILLIS)); // the first sample sees nothing
        assertEquals(1, samples.get());
        time.advance(Duration.ofSeconds(60));
        // 60 s at the idle pace: 30 samples, where the fast pace would have taken 240
        assertEquals(1 + 60_000 / ServiceLoadMonitor.IDLE_SAMPLE_MILLIS, samples.get());
        assertFalse(monitor.busy());
    }

    @Test
    public void theFirstRequestAfterAQuietSampleIsSampledAtOnceAndTheFastPaceResumes() throws Exception {
        time.advance(Duration.ofMillis(ServiceLoadMonitor.SAMPLE_MILLIS));
        assertEquals(1, samples.get());
        FilterChain chain = (request, response) -> {
        };
        monitor.doFilter(null, null, chain); // the manual scheduler runs the prompt sample on this thread
        assertEquals("a request after a quiet sample is sampled without waiting for the idle pace", 2, samples.get());
        monitor.doFilter(null, null, chain);
        assertEquals("only the first request asks for a sample", 2, samples.get());
        time.advance(Duration.ofMillis(ServiceLoadMonitor.SAMPLE_MILLIS));
        assertEquals("the request seen, the next sample comes at the fast pace", 3, samples.get());
        time.advance(Duration.ofMillis(ServiceLoadMonitor.SAMPLE_MILLIS));
        assertEquals(4, samples.get()); // nothing since: quiet again
        time.advance(Duration.ofMillis(ServiceLoadMonitor.SAMPLE_MILLIS));
        assertEquals("quiet, the idle pace is back", 4, samples.get());
    }

    @Test
    public void aBusyCpuKeepsTheFastPaceWithoutAnyRequest() {
        long processors = Runtime.getRuntime().availableProcessors();
        for (int i = 1; i <= 8; i++) {
            // every core fully used by the node's JVM: above serviceCpuHigh (half of them)
            cpu.addAndGet(processors * ServiceLoadMonitor.SAMPLE_MILLIS * 1_000_000L);
            time.advance(Duration.ofMillis(ServiceLoadMonitor.SAMPLE_MILLIS));
            assertEquals(i, samples.get());
        }
        assertTrue(monitor.busy());
        monitor.deactivate();
        time.advance(Duration.ofSeconds(10));
        assertEquals("no sample after deactivation", 8, samples.get());
    }

    private static WorkPoolConfiguration defaults() {
        return (WorkPoolConfiguration) Proxy.newProxyInstance(ServiceLoadMonitorTest.class.getClassLoader(),
                new Class<?>[] { WorkPoolConfiguration.class }, (proxy, method, args) -> method.getDefaultValue());
    }
}
