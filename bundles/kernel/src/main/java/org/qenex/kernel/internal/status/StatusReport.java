package org.qenex.kernel.internal.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.qenex.api.health.HealthStatus;
import org.qenex.kernel.internal.resources.ResourceOutlook;
import org.qenex.kernel.internal.resources.ResourceSample;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.work.WorkStats;

/**
 * The node at one moment, for {@code qenex:status}, {@code qenex:resources} and {@code /api/v1/status}.
 *
 * @param nodeId the node's id
 * @param version the kernel's version
 * @param uptime since the JVM started
 * @param health the worst status of all parts
 * @param partsByHealth how many parts have each status (quarantined parts count as DOWN)
 * @param quarantined how many parts are quarantined
 * @param parts every supervised part
 * @param plugins every registered plugin
 * @param resources the newest resource sample, if any
 * @param outlook predictions
 * @param work the background work pool
 * @param contributed the lines bundles added ({@link org.qenex.api.plugin.StatusContributor}), under their plugin's name
 */
public record StatusReport(String nodeId, String version, Duration uptime, HealthStatus health,
        Map<HealthStatus, Integer> partsByHealth, int quarantined, List<PartView> parts, List<PluginView> plugins,
        Optional<ResourceSample> resources, ResourceOutlook outlook, WorkStats work, List<ContributedStatus> contributed) {
}
