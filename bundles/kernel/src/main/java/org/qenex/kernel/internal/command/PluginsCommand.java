package org.qenex.kernel.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.kernel.internal.status.PluginDirectory;
import org.qenex.kernel.internal.status.PluginView;

@Command(scope = "qenex", name = "plugins", description = "Lists the registered QENEX plugins and their bundles' states.")
@Service
public class PluginsCommand implements Action {

    @Reference
    private PluginDirectory plugins;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Version");
        table.column("Description").maxSize(60);
        table.column("Bundle").alignRight();
        table.column("State");
        for (PluginView plugin : plugins.plugins()) {
            table.addRow().addContent(plugin.name(), plugin.version(), plugin.description(), plugin.bundleId(),
                    plugin.bundleState());
        }
        table.print(System.out);
        return null;
    }
}
