package org.qenex.kernel.internal.status;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.api.plugin.QenexPlugin;
import org.qenex.api.plugin.StatusContributor;
import org.qenex.api.work.JobHandle;
import org.qenex.kernel.internal.supervisor.BundleStateName;
import org.qenex.kernel.internal.supervisor.Criticality;
import org.qenex.kernel.internal.supervisor.PartKind;
import org.qenex.kernel.internal.work.WorkPool;

/**
 * Tracks every {@link QenexPlugin} service, and every route, health check and status contributor
 * registered by any bundle, so that each plugin is listed with what its own bundle registered.
 * Only service properties and route annotations are read; the services are not called. Resources
 * are tracked by reference and looked at only when a plugin's bundle registered them: getting the
 * kernel's own resources at bind time would make a cycle ({@code /api/v1/plugins} needs this directory).
 */
@Component(name = "org.qenex.kernel.plugins", service = PluginDirectory.class)
public final class TrackedPluginDirectory implements PluginDirectory {

    private record Registered(QenexPlugin plugin, long bundleId) {
    }

    private record Resource(ServiceReference<ApiResource> reference, long bundleId) {
    }

    private record Check(long bundleId, String name, boolean critical) {
    }

    private final BundleContext context;
    private final WorkPool work;
    private final Map<Long, Registered> plugins = new ConcurrentHashMap<>();
    private final Map<Long, Resource> resources = new ConcurrentHashMap<>();
    /** Routes by service id, read once: a class's annotations do not change while its service is registered. */
    private final Map<Long, List<String>> routes = new ConcurrentHashMap<>();
    private final Map<Long, Check> checks = new ConcurrentHashMap<>();
    private final Map<Long, Long> contributors = new ConcurrentHashMap<>();

    @Activate
    public TrackedPluginDirectory(BundleContext context, @Reference WorkPool work) {
        this.context = context;
        this.work = work;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removePlugin")
    void addPlugin(QenexPlugin plugin, Map<String, Object> properties) {
        plugins.put(serviceId(properties), new Registered(plugin, bundleId(properties)));
    }

    void removePlugin(QenexPlugin plugin, Map<String, Object> properties) {
        plugins.remove(serviceId(properties));
    }

    @Reference(service = ApiResource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeResource")
    void addResource(ServiceReference<ApiResource> reference) {
        resources.put(serviceId(reference), new Resource(reference, reference.getBundle() == null ? -1
                : reference.getBundle().getBundleId()));
    }

    void removeResource(ServiceReference<ApiResource> reference) {
        resources.remove(serviceId(reference));
        routes.remove(serviceId(reference));
    }

    /** Only the properties are needed: a check is not run here (the reference's type is its service's). */
    @Reference(service = HealthCheck.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCheck")
    void addCheck(Map<String, Object> properties) {
        Object name = properties.get(HealthCheck.NAME);
        Object critical = properties.get(HealthCheck.CRITICAL);
        checks.put(serviceId(properties), new Check(bundleId(properties), name == null ? null : name.toString(),
                Criticality.of(critical)));
    }

    void removeCheck(Map<String, Object> properties) {
        checks.remove(serviceId(properties));
    }

    @Reference(service = StatusContributor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeContributor")
    void addContributor(Map<String, Object> properties) {
        contributors.put(serviceId(properties), bundleId(properties));
    }

    void removeContributor(Map<String, Object> properties) {
        contributors.remove(serviceId(properties));
    }

    @Override
    public List<PluginView> plugins() {
        List<PluginView> views = new ArrayList<>();
        for (Registered registered : plugins.values()) {
            views.add(describe(registered));
        }
        views.sort(Comparator.comparing(PluginView::name).thenComparingLong(PluginView::bundleId));
        return views;
    }

    /** Plugin code is not ours: a descriptor that throws is shown as such rather than breaking the list. */
    private PluginView describe(Registered registered) {
        long bundleId = registered.bundleId();
        Bundle bundle = context.getBundle(bundleId);
        String state = bundle == null ? "UNINSTALLED" : BundleStateName.of(bundle.getState());
        String symbolicName = bundle == null ? null : bundle.getSymbolicName();
        List<String> routes = resources.values().stream().filter(r -> r.bundleId() == bundleId)
                .flatMap(r -> routesOf(r.reference()).stream()).sorted().toList();
        List<PluginView.CheckLink> healthChecks = checks.values().stream().filter(c -> c.bundleId() == bundleId)
                .map(c -> new PluginView.CheckLink(PartKind.HEALTH.partName(c.name() != null ? c.name()
                        : String.valueOf(symbolicName)), c.critical()))
                .sorted(Comparator.comparing(PluginView.CheckLink::part)).toList();
        List<PluginView.JobLink> jobs = new ArrayList<>();
        if (symbolicName != null) {
            for (JobHandle job : work.jobs(WorkPool.ownerOf(symbolicName, bundleId))) {
                jobs.add(new PluginView.JobLink(job.name(), job.priority().name(), job.state().name(), job.runs()));
            }
            jobs.sort(Comparator.comparing(PluginView.JobLink::name));
        }
        int statusContributors = (int) contributors.values().stream().filter(id -> id == bundleId).count();
        QenexPlugin plugin = registered.plugin();
        try {
            return new PluginView(plugin.name(), plugin.version(), plugin.description(), bundleId, state, routes,
                    healthChecks, jobs, statusContributors);
        } catch (RuntimeException e) {
            return new PluginView("?", "?", "descriptor failed: " + e, bundleId, state, routes, healthChecks, jobs,
                    statusContributors);
        }
    }

    @Override
    public String nameOf(long bundleId) {
        for (Registered registered : plugins.values()) {
            if (registered.bundleId() == bundleId) {
                try {
                    return registered.plugin().name();
                } catch (RuntimeException e) {
                    return null; // shown under its bundle's name instead
                }
            }
        }
        return null;
    }

    private List<String> routesOf(ServiceReference<ApiResource> reference) {
        long id = serviceId(reference);
        List<String> known = routes.get(id);
        if (known != null) {
            return known;
        }
        ApiResource resource = context.getService(reference);
        if (resource == null) {
            return List.of(); // unregistered meanwhile
        }
        try {
            List<String> read = routesOf(resource);
            routes.put(id, read);
            return read;
        } finally {
            context.ungetService(reference);
        }
    }

    /** The routes a resource declares, as the node serves them: {@code GET /api/v1/...}. */
    static List<String> routesOf(ApiResource resource) {
        List<String> routes = new ArrayList<>();
        for (Method method : resource.getClass().getMethods()) {
            Route route = method.getAnnotation(Route.class);
            if (route != null) {
                routes.add(route.method() + " " + ApiContext.PATH + route.path());
            }
        }
        routes.sort(null);
        return routes;
    }

    private static long serviceId(ServiceReference<?> reference) {
        return ((Number) reference.getProperty(Constants.SERVICE_ID)).longValue();
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }

    private static long bundleId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_BUNDLEID)).longValue();
    }
}
