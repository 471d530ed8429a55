package org.qenex.kernel.internal.resources;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class ResourceSamplerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    public void theProcessCpuLoadIsTheJvmsCpuTimeSinceThePreviousSampleOverAllProcessors() {
        AtomicLong cpu = new AtomicLong(7 * SECOND);
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        ResourceSampler sampler = new ResourceSampler(Path.of("."), cpu::get, clock::get, 2);

        assertEquals("no previous sample: unknown", -1.0, sampler.sample(Instant.now()).processCpuLoad(), 0.0);

        cpu.addAndGet(5 * SECOND);
        clock.addAndGet(10 * SECOND);
        assertEquals("5 s of CPU in 10 s on 2 processors", 0.25, sampler.sample(Instant.now()).processCpuLoad(), 1e-9);

        clock.addAndGet(10 * SECOND);
        assertEquals("an idle interval", 0.0, sampler.sample(Instant.now()).processCpuLoad(), 1e-9);

        cpu.addAndGet(30 * SECOND);
        clock.addAndGet(10 * SECOND);
        assertEquals("never above every processor", 1.0, sampler.sample(Instant.now()).processCpuLoad(), 0.0);
    }

    @Test
    public void anUnknownCpuTimeGivesAnUnknownLoad() {
        AtomicLong clock = new AtomicLong();
        ResourceSampler sampler = new ResourceSampler(Path.of("."), () -> -1, clock::get, 2);
        sampler.sample(Instant.now());
        clock.addAndGet(10 * SECOND);
        assertEquals(-1.0, sampler.sample(Instant.now()).processCpuLoad(), 0.0);
    }
}
