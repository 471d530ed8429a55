package org.qenex.kernel.internal.deploy;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.qenex.api.event.QenexTopics;

/**
 * Posts {@link QenexTopics#PLUGIN} when a plugin or QENEX bundle is installed, updated, started,
 * stopped or removed, the bundles the supervisor governs (fragments excluded). An asynchronous
 * listener and {@code postEvent}: nothing here runs on the thread that changed the bundle.
 */
@Component(name = "org.qenex.kernel.pluginevents", service = {})
public final class PluginEvents implements BundleListener {

    private final BundleContext context;
    private final EventAdmin events;

    @Activate
    public PluginEvents(BundleContext context, @Reference EventAdmin events) {
        this.context = context;
        this.events = events;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String state = state(event.getType());
        Bundle bundle = event.getBundle();
        if (state == null || bundle.getSymbolicName() == null || !SingleVersionRule.governed(bundle)) {
            return;
        }
        events.postEvent(new Event(QenexTopics.PLUGIN, Map.of(
                QenexTopics.NAME, bundle.getSymbolicName(),
                QenexTopics.VERSION, bundle.getVersion().toString(),
                QenexTopics.STATE, state)));
    }

    /** The topic's state names; null for the framework's other events (resolved, starting, ...). */
    static String state(int type) {
        return switch (type) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UNINSTALLED -> "removed";
            default -> null;
        };
    }
}
