package org.qenex.kernel.internal.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.qenex.api.plugin.QenexPlugin;
import org.qenex.kernel.internal.supervisor.BundleStateName;

/** Tracks every {@link QenexPlugin} service. */
@Component(name = "org.qenex.kernel.plugins", service = PluginDirectory.class)
public final class TrackedPluginDirectory implements PluginDirectory {

    private record Registered(QenexPlugin plugin, long bundleId) {
    }

    private final BundleContext context;
    private final Map<Long, Registered> plugins = new ConcurrentHashMap<>();

    @Activate
    public TrackedPluginDirectory(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removePlugin")
    void addPlugin(QenexPlugin plugin, Map<String, Object> properties) {
        plugins.put(serviceId(properties), new Registered(plugin, ((Number) properties.get(Constants.SERVICE_BUNDLEID)).longValue()));
    }

    void removePlugin(QenexPlugin plugin, Map<String, Object> properties) {
        plugins.remove(serviceId(properties));
    }

    @Override
    public List<PluginView> plugins() {
        List<PluginView> views = new ArrayList<>();
        for (Registered registered : plugins.values()) {
            Bundle bundle = context.getBundle(registered.bundleId());
            String state = bundle == null ? "UNINSTALLED" : BundleStateName.of(bundle.getState());
            views.add(describe(registered, state));
        }
        views.sort(Comparator.comparing(PluginView::name));
        return views;
    }

    /** Plugin code is not ours: a descriptor that throws is shown as such rather than breaking the list. */
    private static PluginView describe(Registered registered, String state) {
        QenexPlugin plugin = registered.plugin();
        try {
            return new PluginView(plugin.name(), plugin.version(), plugin.description(), registered.bundleId(), state);
        } catch (RuntimeException e) {
            return new PluginView("?", "?", "descriptor failed: " + e, registered.bundleId(), state);
        }
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }
}
