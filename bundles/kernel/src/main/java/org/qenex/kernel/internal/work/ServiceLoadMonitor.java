package org.qenex.kernel.internal.work;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.qenex.api.http.ApiContext;
import org.qenex.kernel.internal.resources.CpuShare;
import org.qenex.kernel.internal.resources.ProcessCpu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the node's service load: a filter in front of every REST endpoint (ranked first, so
 * refused and unauthenticated requests count too) counts requests in flight and done, and every
 * {@value #SAMPLE_MILLIS} ms the request rate and the node JVM's own CPU time (its training workers
 * are processes of their own, not counted) go to a {@link ServicePressure}. Background work asks it
 * whether to hold back (through {@link org.qenex.api.work.WorkScheduler#serviceBusy()}).
 */
@Component(name = "org.qenex.kernel.serviceload", service = { ServiceLoad.class, Filter.class },
        configurationPid = "org.qenex.kernel.work", property = {
                "osgi.http.whiteboard.filter.name=org.qenex.kernel.serviceload",
                "osgi.http.whiteboard.filter.pattern=/*",
                // An async request (the event stream) counts in flight until its servlet returns, not for the stream's life.
                "osgi.http.whiteboard.filter.asyncSupported:Boolean=true",
                "osgi.http.whiteboard.context.select=" + ApiContext.SELECT,
                "service.ranking:Integer=10000" })
// Configured with the work pool's configuration (its metatype is designated there, once).
public final class ServiceLoadMonitor implements ServiceLoad, Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoadMonitor.class);
    static final long SAMPLE_MILLIS = 250;
    static final long IDLE_SAMPLE_MILLIS = 2_000;

    private final ServicePressure pressure;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong done = new AtomicLong();
    private final ScheduledExecutorService sampler;
    private final Clock clock;
    private final LongSupplier cpuNanos;
    private final Object changed = new Object();
    private final int processors = Runtime.getRuntime().availableProcessors();
    private final CpuShare cpuShare = new CpuShare(processors);
    /** Whether sampling is at the idle pace; the first request then asks for a sample at once. */
    private final AtomicBoolean idle = new AtomicBoolean();
    // The fields below are only touched on the sampler's one thread.
    private ScheduledFuture<?> next;
    private long lastDone;
    private long lastMillis;
    /** The last sample's figures, formatted only when someone asks: a sample runs four times a second. */
    private volatile Sample last;

    private record Sample(double rate, int inFlight, double share, boolean busy) {
    }

    @Activate
    public ServiceLoadMonitor(WorkPoolConfiguration config) {
        this(config, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "qenex-service-load");
            thread.setDaemon(true);
            return thread;
        }), Clock.systemUTC(), ProcessCpu::nanos);
    }

    /** For tests: a scheduler with one thread (or simulated time), a clock and the JVM's CPU time in nanoseconds. */
    ServiceLoadMonitor(WorkPoolConfiguration config, ScheduledExecutorService sampler, Clock clock, LongSupplier cpuNanos) {
        this.pressure = new ServicePressure(new ServicePressure.Settings(config.serviceRequestsPerSecondHigh(),
                config.serviceInFlightHigh(), config.serviceCpuHigh(), config.serviceQuietMillis(),
                config.backgroundMaxHoldMillis(), config.backgroundMinRunMillis()));
        this.sampler = sampler;
        this.clock = clock;
        this.cpuNanos = cpuNanos;
        cpuShare.next(cpuNanos.getAsLong(), 0);
        this.lastMillis = clock.millis();
        planNext(SAMPLE_MILLIS);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        inFlight.incrementAndGet();
        if (idle.get() && idle.compareAndSet(true, false)) {
            sampleSoon();
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.decrementAndGet();
            done.incrementAndGet();
        }
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    /** The first request after a quiet sample: sample now (on the sampler's thread) instead of at the idle pace's next turn. */
    private void sampleSoon() {
        try {
            sampler.execute(() -> {
                if (next != null && next.cancel(false)) {
                    sampleThenPlanNext();
                }
            });
        } catch (RejectedExecutionException e) {
            // deactivated: no more samples
        }
    }

    private void sampleThenPlanNext() {
        Sample sample = sample();
        boolean quiet = sample != null && sample.rate() == 0 && sample.inFlight() == 0 && !sample.busy();
        idle.set(quiet);
        planNext(quiet ? IDLE_SAMPLE_MILLIS : SAMPLE_MILLIS);
    }

    private void planNext(long delayMillis) {
        try {
            next = sampler.schedule(this::sampleThenPlanNext, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated: no more samples
        }
    }

    private Sample sample() {
        try {
            long now = clock.millis();
            long cpu = cpuNanos.getAsLong();
            long total = done.get();
            long elapsedMillis = Math.max(1, now - lastMillis);
            double rate = (total - lastDone) / (elapsedMillis / 1e3);
            double share = cpuShare.next(cpu, TimeUnit.MILLISECONDS.toNanos(elapsedMillis));
            lastMillis = now;
            lastDone = total;
            boolean before = pressure.busy();
            int running = inFlight.get();
            boolean busy = pressure.onSample(now, rate, running, share);
            Sample sample = new Sample(rate, running, share, busy);
            last = sample;
            if (busy != before) {
                LOG.debug("Service load: {}", describe());
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
            return sample;
        } catch (RuntimeException e) {
            LOG.warn("Sampling the service load failed", e);
            return null;
        }
    }

    @Override
    public boolean busy() {
        return pressure.busy();
    }

    @Override
    public boolean awaitQuiet(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (changed) {
            while (pressure.busy()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, Math.min(left, TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS)));
            }
        }
        return true;
    }

    @Override
    public String describe() {
        Sample sample = last;
        return sample == null ? "not sampled yet"
                : String.format("%.0f requests/s, %d in flight, node CPU %.0f %% of %d processors: background %s",
                        sample.rate(), sample.inFlight(), sample.share() * 100, processors,
                        sample.busy() ? "held back" : "running");
    }
}
