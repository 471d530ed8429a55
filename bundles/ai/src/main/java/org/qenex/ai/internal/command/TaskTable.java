package org.qenex.ai.internal.command;

import java.io.PrintStream;

import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.node.TaskCatalog;

/** {@code qenex:ai tasks}: the benchmark tasks, their sizes and data hashes. */
final class TaskTable {

    private TaskTable() {
    }

    static void print(TaskCatalog catalog, PrintStream out) {
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
        table.print(out);
    }
}
