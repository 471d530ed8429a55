package org.qenex.kernel.internal.status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.health.HealthStatus;
import org.qenex.kernel.internal.identity.NodeIdentity;
import org.qenex.kernel.internal.resources.ResourceMonitor;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.supervisor.Supervisor;
import org.qenex.kernel.internal.work.WorkPool;

/** Gathers identity, supervision, plugins, resources and background work into one report. */
@Component(name = "org.qenex.kernel.status", service = NodeStatus.class)
public final class AggregatedNodeStatus implements NodeStatus {

    private final NodeIdentity identity;
    private final Supervisor supervisor;
    private final PluginDirectory plugins;
    private final ResourceMonitor resources;
    private final WorkPool work;
    private final StatusContributions contributions;

    @Activate
    public AggregatedNodeStatus(@Reference NodeIdentity identity, @Reference Supervisor supervisor,
            @Reference PluginDirectory plugins, @Reference ResourceMonitor resources, @Reference WorkPool work,
            @Reference StatusContributions contributions) {
        this.identity = identity;
        this.supervisor = supervisor;
        this.plugins = plugins;
        this.resources = resources;
        this.work = work;
        this.contributions = contributions;
    }

    @Override
    public StatusReport report() {
        List<PartView> parts = supervisor.parts();
        Map<HealthStatus, Integer> byHealth = new EnumMap<>(HealthStatus.class);
        for (HealthStatus status : HealthStatus.values()) {
            byHealth.put(status, 0);
        }
        int quarantined = 0;
        HealthStatus overall = HealthStatus.UP;
        for (PartView part : parts) {
            byHealth.merge(part.health(), 1, Integer::sum);
            overall = overall.worst(part.nodeImpact());
            if (part.quarantined()) {
                quarantined++;
            }
        }
        return new StatusReport(identity.nodeId(), identity.version(), identity.uptime(), overall, byHealth,
                quarantined, parts, plugins.plugins(), resources.latest(), resources.outlook(), work.stats(),
                contributed());
    }

    /** Each contributor's lines under its plugin's name, or its bundle's where the bundle registered no plugin. */
    private List<ContributedStatus> contributed() {
        List<ContributedStatus> named = new ArrayList<>();
        for (ContributedStatus status : contributions.collect()) {
            String plugin = plugins.nameOf(status.bundleId());
            named.add(plugin == null ? status : status.named(plugin));
        }
        return named;
    }
}
