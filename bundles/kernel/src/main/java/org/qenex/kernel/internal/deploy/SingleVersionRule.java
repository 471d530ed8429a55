package org.qenex.kernel.internal.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.IncidentLog;
import org.qenex.api.plugin.QenexPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of each QENEX bundle runs at a time. The framework accepts one symbolic name in
 * several versions, so a newer plugin jar dropped into {@code deploy/} under another file name
 * would run beside the old one: its plugin and tasks listed twice, the supervisor mixing the two
 * under one part name, the second servlet shadowed by the first. Instead the highest version is
 * kept and every other is stopped (persistently, so a restart of the node does not bring it
 * back, and the supervisor does not count it as failed), with an incident that names both.
 *
 * <p>The older jar stays installed, stopped, until the operator removes its file; removing the
 * newer one does not start the older again: which version runs is the operator's choice.
 */
@Component(name = "org.qenex.kernel.singleversion", service = {})
public final class SingleVersionRule implements BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(SingleVersionRule.class);

    private final BundleContext context;
    private final IncidentLog incidents;

    @Activate
    public SingleVersionRule(BundleContext context, @Reference IncidentLog incidents) {
        this.context = context;
        this.incidents = incidents;
        context.addBundleListener(this);
        // Copies installed while the kernel was away (or before it started) are settled now.
        for (Bundle bundle : context.getBundles()) {
            settle(bundle);
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            // Installed: the old copy stops before the new one starts. Started: a lower version that
            // was started anyway (fileinstall starts what it installs) is stopped again.
            case BundleEvent.INSTALLED, BundleEvent.STARTED, BundleEvent.UPDATED -> settle(event.getBundle());
            default -> {
            }
        }
    }

    private void settle(Bundle changed) {
        String name = changed.getSymbolicName();
        if (name == null || !governed(changed)) {
            return;
        }
        List<Bundle> copies = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (name.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED && governed(bundle)) {
                copies.add(bundle);
            }
        }
        if (copies.size() < 2) {
            return;
        }
        // Highest version wins; the framework refuses a second copy of the same version, the id only breaks ties safely.
        copies.sort(Comparator.comparing(Bundle::getVersion).thenComparing(Bundle::getBundleId).reversed());
        Bundle kept = copies.get(0);
        for (Bundle older : copies.subList(1, copies.size())) {
            stop(kept, older);
        }
    }

    private void stop(Bundle kept, Bundle older) {
        boolean running = (older.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
        BundleStartLevel startLevel = older.adapt(BundleStartLevel.class);
        if (!running && (startLevel == null || !startLevel.isPersistentlyStarted())) {
            return; // already stopped for good: one incident, not one per event or node restart
        }
        String outcome;
        HealthStatus severity = HealthStatus.DEGRADED;
        try {
            // Without STOP_TRANSIENT: the stop is recorded, so neither a restart nor the supervisor starts it again.
            older.stop();
            outcome = "kept " + describe(kept) + "; stopped " + describe(older) + ": remove " + older.getLocation()
                    + " (or bundle:uninstall " + older.getBundleId() + ")";
        } catch (BundleException | IllegalStateException e) {
            severity = HealthStatus.DOWN;
            outcome = "kept " + describe(kept) + "; could not stop " + describe(older) + ": " + e.getMessage();
        }
        String cause = kept.getSymbolicName() + " is installed twice: " + describe(older) + " and " + describe(kept);
        LOG.warn("{}; {}", cause, outcome);
        incidents.report("bundle:" + kept.getSymbolicName(), severity, cause, "replace older version", outcome);
    }

    private static String describe(Bundle bundle) {
        return bundle.getVersion() + " (bundle " + bundle.getBundleId() + ", " + bundle.getLocation() + ")";
    }

    /** The supervisor's parts: QENEX bundles and plugins, never fragments (their host decides). */
    static boolean governed(Bundle bundle) {
        var headers = bundle.getHeaders("");
        return headers.get(Constants.FRAGMENT_HOST) == null && (bundle.getSymbolicName().startsWith("org.qenex.")
                || headers.get(QenexPlugin.MANIFEST_HEADER) != null);
    }
}
