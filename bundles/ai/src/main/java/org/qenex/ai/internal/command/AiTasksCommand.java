package org.qenex.ai.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.node.TaskCatalog;

@Command(scope = "qenex", name = "ai-tasks", description = "Lists the benchmark tasks and their data hashes.")
@Service
public class AiTasksCommand implements Action {

    @Reference
    private TaskCatalog catalog;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Task");
        table.column("Domain");
        table.column("Version");
        table.column("Train").alignRight();
        table.column("Public").alignRight();
        table.column("Held-out").alignRight();
        table.column("Data hash");
        for (TaskInstances task : catalog.tasks()) {
            table.addRow().addContent(task.name(), task.domain(), task.version(), task.training().numInstances(),
                    task.publicSplit().numInstances(), task.heldOut().numInstances(), task.dataHash().substring(0, 16));
        }
        table.print(System.out);
        return null;
    }
}
