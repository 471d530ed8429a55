package org.qenex.examples.hello;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.api.plugin.QenexPlugin;
import org.qenex.api.plugin.StatusContributor;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;

/**
 * Describes the plugin to the node, greets on a schedule through the node's work scheduler,
 * reports itself healthy while the greetings keep coming, and answers {@code GET /api/v1/hello}
 * through the node's REST kit, and adds its own lines to the node's status. Its check is
 * non-critical: a plugin that stops greeting makes the node DEGRADED, never takes it out of a
 * load balancer.
 */
@Component(service = {QenexPlugin.class, HealthCheck.class, ApiResource.class, StatusContributor.class},
        property = {HealthCheck.NAME + "=hello", HealthCheck.CRITICAL + "=false"},
        configurationPid = "org.qenex.examples.hello")
@Designate(ocd = HelloConfiguration.class)
public final class HelloPlugin implements QenexPlugin, HealthCheck, ApiResource, StatusContributor {

    private final String version;
    private final long intervalMillis;
    private final AtomicLong greetings = new AtomicLong();
    private final AtomicLong lastGreeting = new AtomicLong(System.currentTimeMillis());
    private final JobHandle job;

    @Activate
    public HelloPlugin(BundleContext context, @Reference WorkScheduler scheduler, HelloConfiguration config) {
        this.version = context.getBundle().getVersion().toString();
        this.intervalMillis = config.intervalMillis();
        this.job = scheduler.scheduleAtFixedRate("hello-greeter", JobPriority.LOW, Duration.ZERO,
                Duration.ofMillis(intervalMillis), this::greet);
    }

    @Deactivate
    void stop() {
        job.cancel();
    }

    private void greet() {
        greetings.incrementAndGet();
        lastGreeting.set(System.currentTimeMillis());
    }

    /** The greetings so far; any user with the viewer role may ask. */
    @Route(method = "GET", path = "/v1/hello", role = ApiContext.ROLE_VIEWER, summary = "How many greetings so far")
    public Map<String, Object> greetings() {
        return Map.of("greetings", greetings.get(), "version", version);
    }

    @Override
    public Map<String, String> status() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("greetings", Long.toString(greetings.get()));
        lines.put("last greeting", Instant.ofEpochMilli(lastGreeting.get()).toString());
        return lines;
    }

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String description() {
        return "Example plugin: greets in the background and reports whether the greetings keep coming";
    }

    @Override
    public HealthResult check() {
        long silentFor = System.currentTimeMillis() - lastGreeting.get();
        if (silentFor > 3 * intervalMillis + 1000) {
            return HealthResult.degraded("no greeting for " + silentFor + " ms");
        }
        return HealthResult.up(greetings.get() + " greetings");
    }
}
