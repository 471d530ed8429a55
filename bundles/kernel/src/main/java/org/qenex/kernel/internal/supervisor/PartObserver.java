package org.qenex.kernel.internal.supervisor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.plugin.QenexPlugin;

/**
 * Looks at the supervised bundles, their DS components and every health check, and says which
 * parts have failed. It changes nothing.
 */
final class PartObserver {

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final HealthCheckRunner healthChecks;
    private final long healthTimeoutMillis;
    private final long scrTimeoutMillis;
    // Only touched on the supervisor thread.
    private final Map<BundleRevisionKey, Boolean> supervisable = new HashMap<>();
    private final Map<DescriptionKey, ComponentDescriptionDTO> descriptions = new HashMap<>();
    private ComponentLook lastLook;

    /**
     * How many rounds in a row may reuse one look at the components: a full look comes at least
     * every sixth round (30 s at the default check interval) whatever SCR's change count says.
     */
    static final int MAX_REUSES = 5;

    /**
     * The component observations of the last full look, taken at SCR's change count
     * {@code changeCount} with {@code bundles} active.
     */
    private record ComponentLook(long changeCount, List<BundleRevisionKey> bundles, List<Observation> observations,
            int reuses) {
    }

    PartObserver(BundleContext context, ServiceComponentRuntime scr, HealthCheckRunner healthChecks,
            long healthTimeoutMillis, long scrTimeoutMillis) {
        this.context = context;
        this.scr = scr;
        this.healthChecks = healthChecks;
        this.healthTimeoutMillis = healthTimeoutMillis;
        this.scrTimeoutMillis = scrTimeoutMillis;
    }

    /** Karaf registers a service of this class once it has installed and started the boot features. */
    static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";

    /**
     * While the framework starts or stops, or Karaf still installs its boot features, bundles and
     * components come and go on purpose: nothing is a failure then.
     */
    boolean frameworkSettled() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.ACTIVE
                && context.getServiceReference(BOOT_FINISHED) != null;
    }

    Map<String, Observation> observe(Collection<RegisteredCheck> checks) throws InterruptedException {
        Map<String, Observation> parts = new TreeMap<>();
        List<Bundle> supervised = supervisedBundles();
        for (Bundle bundle : supervised) {
            Observation observation = observeBundle(bundle);
            // Two copies of one symbolic name (SingleVersionRule stops all but one): the part is the running copy.
            Observation other = parts.get(observation.part());
            if (other == null || other.bundle().getState() != Bundle.ACTIVE) {
                parts.put(observation.part(), observation);
            }
        }
        List<Bundle> active = new ArrayList<>();
        for (Bundle bundle : supervised) {
            if (bundle.getState() == Bundle.ACTIVE) {
                active.add(bundle);
            }
        }
        for (Observation observation : observeComponents(active)) {
            parts.put(observation.part(), observation);
        }
        observeHealthChecks(checks, parts);
        return parts;
    }

    /**
     * Every component of the active supervised bundles. Building SCR's DTOs for every component and
     * every reference it holds was most of an idle node's supervision round, so a look is reused
     * while nothing it depends on can have changed: SCR raises its {@code service.changecount}
     * property whenever a component changes state (Felix SCR a few seconds later, batched), the
     * active bundles are the same revisions, every component was satisfied and none had failed (a
     * failing or waiting part is looked at every round, as its restart or its grace needs), and
     * fewer than {@link #MAX_REUSES} rounds reused it. Without a change count (an SCR that does
     * not publish one) every round looks.
     */
    private List<Observation> observeComponents(List<Bundle> active) {
        long changeCount = scrChangeCount();
        List<BundleRevisionKey> keys = new ArrayList<>();
        for (Bundle bundle : active) {
            keys.add(new BundleRevisionKey(bundle.getBundleId(), bundle.getLastModified()));
        }
        ComponentLook last = lastLook;
        if (last != null && changeCount >= 0 && last.changeCount() == changeCount && last.bundles().equals(keys)
                && last.reuses() < MAX_REUSES) {
            lastLook = new ComponentLook(changeCount, keys, last.observations(), last.reuses() + 1);
            return last.observations();
        }
        List<Observation> seen = new ArrayList<>();
        if (!active.isEmpty()) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(active.toArray(new Bundle[0]))) {
                Bundle bundle = context.getBundle(description.bundle.id);
                if (bundle != null) { // else uninstalled while we looked
                    seen.add(observeComponent(description, bundle));
                }
            }
        }
        boolean steady = seen.stream().noneMatch(o -> o.failing() || o.waitingForReference());
        lastLook = steady && changeCount >= 0 ? new ComponentLook(changeCount, List.copyOf(keys), List.copyOf(seen), 0) : null;
        return seen;
    }

    /** SCR's {@code service.changecount}, or -1 when it publishes none. */
    private long scrChangeCount() {
        ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
        Object count = reference == null ? null : reference.getProperty(Constants.SERVICE_CHANGECOUNT);
        return count instanceof Long value ? value : -1;
    }

    /** Whether the failure that {@code observation} saw is still there; health checks are only re-run by a round. */
    boolean stillFailing(Observation observation) {
        return switch (observation.kind()) {
            case BUNDLE -> bundleFailed(observation.bundle());
            case COMPONENT -> observation.control() instanceof ComponentControl component && component.activationFailed();
            case HEALTH -> true;
        };
    }

    /** How to start a quarantined part that no round has seen since the kernel started. */
    PartControl controlFor(QuarantineEntry entry) {
        Bundle bundle = bundleNamed(entry.bundle());
        if (bundle == null) {
            return null;
        }
        if (entry.component() != null && bundle.getState() == Bundle.ACTIVE) {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, entry.component());
            if (description != null) {
                return new ComponentControl(scr, description, scrTimeoutMillis);
            }
        }
        return new BundleControl(bundle);
    }

    Bundle bundleNamed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED) {
                return bundle;
            }
        }
        return null;
    }

    private List<Bundle> supervisedBundles() {
        long self = context.getBundle().getBundleId();
        List<Bundle> supervised = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (bundle.getBundleId() == self || bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID || name == null
                    || bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            if (supervisable(bundle, name)) {
                supervised.add(bundle);
            }
        }
        return supervised;
    }

    /**
     * Whether a bundle is a QENEX part: its name, or a plugin's manifest header, and never a
     * fragment. Remembered per bundle revision, since copying every bundle's headers on every
     * round is most of what an idle node would otherwise spend.
     */
    private boolean supervisable(Bundle bundle, String name) {
        BundleRevisionKey key = new BundleRevisionKey(bundle.getBundleId(), bundle.getLastModified());
        Boolean known = supervisable.get(key);
        if (known == null) {
            supervisable.keySet().removeIf(old -> old.bundleId() == key.bundleId());
            var headers = bundle.getHeaders(""); // raw: localizing them would be wasted work
            known = headers.get(Constants.FRAGMENT_HOST) == null
                    && (name.startsWith("org.qenex.") || headers.get(QenexPlugin.MANIFEST_HEADER) != null);
            supervisable.put(key, known);
        }
        return known;
    }

    private record BundleRevisionKey(long bundleId, long lastModified) {
    }

    /**
     * A component's description, remembered per bundle revision: it is the revision's static
     * metadata, and SCR built a new DTO of it (references, properties) for every health check every
     * round. Only touched on the supervisor thread; an unknown component is asked again next round.
     */
    private ComponentDescriptionDTO description(Bundle bundle, String component) {
        DescriptionKey key = new DescriptionKey(bundle.getBundleId(), bundle.getLastModified(), component);
        ComponentDescriptionDTO known = descriptions.get(key);
        if (known == null) {
            known = scr.getComponentDescriptionDTO(bundle, component);
            if (known != null) {
                descriptions.keySet().removeIf(old -> old.bundleId() == key.bundleId() && old.lastModified() != key.lastModified());
                descriptions.put(key, known);
            }
        }
        return known;
    }

    private record DescriptionKey(long bundleId, long lastModified, String component) {
    }

    private Observation observeBundle(Bundle bundle) {
        String part = PartKind.BUNDLE.partName(bundle.getSymbolicName());
        int state = bundle.getState();
        HealthStatus status = HealthStatus.UP;
        String message;
        boolean failed = bundleFailed(bundle);
        if (failed) {
            status = HealthStatus.DOWN;
            message = "bundle is " + BundleStateName.of(state) + " although it is started persistently "
                    + "(its activator threw or it does not resolve)";
        } else if ((state & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
            message = BundleStateName.of(state).toLowerCase();
        } else {
            message = "stopped (" + BundleStateName.of(state) + ")";
        }
        return new Observation(part, PartKind.BUNDLE, bundle, status, message, failed, false,
                new BundleControl(bundle), null, false, true, false);
    }

    /**
     * Started persistently but not running. {@code bundle:stop} clears the persistent flag, so a
     * bundle an operator stopped is not a failure; nor is one above the framework's start level.
     */
    private boolean bundleFailed(Bundle bundle) {
        int state = bundle.getState();
        if ((state & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING | Bundle.UNINSTALLED)) != 0) {
            return false;
        }
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        if (startLevel == null || !startLevel.isPersistentlyStarted()) {
            return false;
        }
        FrameworkStartLevel framework = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkStartLevel.class);
        return framework == null || startLevel.getStartLevel() <= framework.getStartLevel();
    }

    private Observation observeComponent(ComponentDescriptionDTO description, Bundle bundle) {
        String part = PartKind.COMPONENT.partName(description.name);
        ComponentCondition condition = ComponentCondition.of(scr, description);
        boolean failed = condition.state() == ComponentCondition.State.FAILED_ACTIVATION;
        return new Observation(part, PartKind.COMPONENT, bundle, failed ? HealthStatus.DOWN : HealthStatus.UP,
                condition.detail(), failed, condition.state() == ComponentCondition.State.UNSATISFIED_REFERENCE,
                new ComponentControl(scr, description, scrTimeoutMillis), description.name,
                servesRequests(description, bundle), true, false);
    }

    /** Service types through which the node answers HTTP: a plain whiteboard servlet, or the REST kit's resources. */
    private static final Set<String> ENDPOINT_SERVICES = Set.of("javax.servlet.Servlet", "org.qenex.api.http.ApiResource");

    /** The node's own endpoints decide readiness; a plugin's do not, or one broken plugin would keep the node from ever serving. */
    private static boolean servesRequests(ComponentDescriptionDTO description, Bundle bundle) {
        boolean endpoint = false;
        for (String service : description.serviceInterfaces == null ? new String[0] : description.serviceInterfaces) {
            endpoint |= ENDPOINT_SERVICES.contains(service);
        }
        String name = bundle.getSymbolicName();
        // Headers last: copying them is the expensive part, and only a few components are endpoints.
        return endpoint && name != null && name.startsWith("org.qenex.")
                && bundle.getHeaders("").get(QenexPlugin.MANIFEST_HEADER) == null;
    }

    private void observeHealthChecks(Collection<RegisteredCheck> checks, Map<String, Observation> parts)
            throws InterruptedException {
        Map<Long, HealthCheck> byServiceId = new HashMap<>();
        for (RegisteredCheck check : checks) {
            byServiceId.put(check.serviceId(), check.check());
        }
        Map<Long, HealthCheckRunner.Answer> results = healthChecks.runAll(byServiceId, healthTimeoutMillis);
        for (RegisteredCheck check : checks) {
            HealthCheckRunner.Answer answer = results.get(check.serviceId());
            Bundle bundle = context.getBundle(check.bundleId());
            if (answer == null || bundle == null) {
                continue; // unregistered while it ran
            }
            String name = check.name() != null ? check.name() : bundle.getSymbolicName();
            String part = PartKind.HEALTH.partName(name);
            if (parts.containsKey(part)) {
                part = part + "#" + check.serviceId(); // two checks with one name: keep both visible
            }
            PartControl control = new BundleControl(bundle);
            String componentName = null;
            if (check.componentName() != null && bundle.getState() == Bundle.ACTIVE) {
                ComponentDescriptionDTO description = description(bundle, check.componentName());
                if (description != null) {
                    control = new ComponentControl(scr, description, scrTimeoutMillis);
                    componentName = description.name;
                }
            }
            HealthResult result = answer.result();
            parts.put(part, new Observation(part, PartKind.HEALTH, bundle, result.status(), result.message(),
                    result.status() == HealthStatus.DOWN, false, control, componentName, false, check.critical(),
                    answer.unanswered()));
        }
    }
}
