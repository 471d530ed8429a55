package org.qenex.kernel.internal.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.qenex.api.plugin.StatusContributor;

/**
 * Asks every {@link StatusContributor} for its lines on threads of its own ({@code qenex-status-N}),
 * all at once and bounded by one timeout, so that a slow or throwing contributor (plugin code)
 * costs the status at most {@link StatusContributor#TIMEOUT_MILLIS} and never breaks it. A call
 * that has not returned is shared by later requests instead of being started again, so a hung
 * contributor holds one thread, not one per request.
 */
@Component(name = "org.qenex.kernel.status.contributions", service = StatusContributions.class)
public final class TimedStatusContributions implements StatusContributions {

    private record Registered(StatusContributor contributor, long serviceId, long bundleId) {
    }

    private final BundleContext context;
    private final ExecutorService pool;
    private final long timeoutMillis;
    private final Map<Long, Registered> contributors = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Map<String, String>>> inFlight = new ConcurrentHashMap<>();

    @Activate
    public TimedStatusContributions(BundleContext context) {
        this(context, daemonPool(), StatusContributor.TIMEOUT_MILLIS);
    }

    TimedStatusContributions(BundleContext context, ExecutorService pool, long timeoutMillis) {
        this.context = context;
        this.pool = pool;
        this.timeoutMillis = timeoutMillis;
    }

    private static ExecutorService daemonPool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "qenex-status-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeContributor")
    void addContributor(StatusContributor contributor, Map<String, Object> properties) {
        long serviceId = number(properties, Constants.SERVICE_ID);
        contributors.put(serviceId, new Registered(contributor, serviceId, number(properties, Constants.SERVICE_BUNDLEID)));
    }

    void removeContributor(StatusContributor contributor, Map<String, Object> properties) {
        long serviceId = number(properties, Constants.SERVICE_ID);
        contributors.remove(serviceId);
        inFlight.remove(serviceId);
    }

    @Deactivate
    void deactivate() {
        pool.shutdownNow();
    }

    @Override
    public List<ContributedStatus> collect() {
        Map<Registered, CompletableFuture<Map<String, String>>> asked = new LinkedHashMap<>();
        for (Registered registered : new TreeMap<>(contributors).values()) {
            asked.put(registered, ask(registered));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<ContributedStatus> collected = new ArrayList<>();
        for (Map.Entry<Registered, CompletableFuture<Map<String, String>>> entry : asked.entrySet()) {
            Registered registered = entry.getKey();
            String name = bundleName(registered.bundleId());
            try {
                Map<String, String> lines = entry.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                collected.add(new ContributedStatus(name, registered.bundleId(), StatusLines.bounded(lines), null));
            } catch (TimeoutException e) {
                collected.add(new ContributedStatus(name, registered.bundleId(), Map.of(),
                        "no answer within " + timeoutMillis + " ms"));
            } catch (ExecutionException e) {
                collected.add(new ContributedStatus(name, registered.bundleId(), Map.of(),
                        "failed: " + StatusLines.oneLine(String.valueOf(e.getCause()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                collected.add(new ContributedStatus(name, registered.bundleId(), Map.of(), "interrupted"));
            }
        }
        collected.sort((a, b) -> Long.compare(a.bundleId(), b.bundleId()));
        return collected;
    }

    /** The contributor's call in progress, or a new one if none is. */
    private CompletableFuture<Map<String, String>> ask(Registered registered) {
        return inFlight.compute(registered.serviceId(), (id, running) -> {
            if (running != null && !running.isDone()) {
                return running;
            }
            try {
                return CompletableFuture.supplyAsync(registered.contributor()::status, pool);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new IllegalStateException("the kernel is stopping"));
            }
        });
    }

    private String bundleName(long bundleId) {
        Bundle bundle = context.getBundle(bundleId);
        return bundle == null || bundle.getSymbolicName() == null ? "bundle " + bundleId : bundle.getSymbolicName();
    }

    private static long number(Map<String, Object> properties, String key) {
        return ((Number) properties.get(key)).longValue();
    }
}
