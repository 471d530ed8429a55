package org.qenex.kernel.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.kernel.internal.status.PluginDirectory;
import org.qenex.kernel.internal.status.PluginView;

@Command(scope = "qenex", name = "plugins",
        description = "Lists the registered QENEX plugins, their bundles' states and what each bundle registered.")
@Service
public class PluginsCommand implements Action {

    @Reference
    private PluginDirectory plugins;

    @Option(name = "-l", aliases = "--links", description = "List each plugin's routes, health checks and jobs")
    private boolean links;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Version");
        table.column("Description").maxSize(60);
        table.column("Bundle").alignRight();
        table.column("State");
        table.column("Routes").alignRight();
        table.column("Checks").alignRight();
        table.column("Jobs").alignRight();
        for (PluginView plugin : plugins.plugins()) {
            table.addRow().addContent(plugin.name(), plugin.version(), plugin.description(), plugin.bundleId(),
                    plugin.bundleState(), plugin.routes().size(), plugin.healthChecks().size(), plugin.jobs().size());
        }
        table.print(System.out);
        if (links) {
            for (PluginView plugin : plugins.plugins()) {
                System.out.println();
                System.out.println(plugin.name() + " (bundle " + plugin.bundleId() + "):");
                plugin.routes().forEach(route -> System.out.println("  route   " + route));
                plugin.healthChecks().forEach(check -> System.out.println("  check   " + check.part()
                        + (check.critical() ? "" : " (non-critical)")));
                plugin.jobs().forEach(job -> System.out.println("  job     " + job.name() + " " + job.priority() + " "
                        + job.state() + ", " + job.runs() + " run(s)"));
                if (plugin.statusContributors() > 0) {
                    System.out.println("  status  " + plugin.statusContributors() + " contributor(s), see qenex:status");
                }
            }
        }
        return null;
    }
}
