package org.qenex.kernel.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.api.health.HealthStatus;
import org.qenex.kernel.internal.status.ContributedStatus;
import org.qenex.kernel.internal.status.NodeStatus;
import org.qenex.kernel.internal.status.StatusReport;

@Command(scope = "qenex", name = "status", description = "Shows the node's id, version, uptime, health, resources and the lines plugins add.")
@Service
public class StatusCommand implements Action {

    @Reference
    private NodeStatus status;

    @Override
    public Object execute() {
        StatusReport report = status.report();
        System.out.println("Node:      " + report.nodeId());
        System.out.println("Version:   " + report.version());
        System.out.println("Uptime:    " + HumanDuration.of(report.uptime()));
        System.out.println("Health:    " + report.health());
        System.out.println("Parts:     " + report.parts().size() + " (" + report.partsByHealth().get(HealthStatus.UP)
                + " up, " + report.partsByHealth().get(HealthStatus.DEGRADED) + " degraded, "
                + report.partsByHealth().get(HealthStatus.DOWN) + " down, " + report.quarantined() + " quarantined)");
        System.out.println("Plugins:   " + report.plugins().size());
        System.out.println("Resources: " + report.resources().map(r -> r.summary()).orElse("no sample yet"));
        for (ContributedStatus contributed : report.contributed()) {
            System.out.println();
            System.out.println(contributed.name() + " (bundle " + contributed.bundleId() + "):"
                    + (contributed.error() == null ? "" : " " + contributed.error()));
            int width = contributed.lines().keySet().stream().mapToInt(String::length).max().orElse(0);
            contributed.lines().forEach((label, value) -> System.out.println("  " + label + " ".repeat(width - label.length())
                    + "  " + value));
        }
        return null;
    }
}
