package org.qenex.kernel.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.supervisor.Supervisor;

@Command(scope = "qenex", name = "health", description = "Lists every supervised part and health check with its status.")
@Service
public class HealthCommand implements Action {

    @Reference
    private Supervisor supervisor;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Part");
        table.column("Status");
        table.column("Critical");
        table.column("Message").maxSize(80);
        table.column("Restarts").alignRight();
        table.column("Quarantined");
        for (PartView part : supervisor.parts()) {
            table.addRow().addContent(part.name(), part.health(), part.critical() ? "yes" : "no", part.message(),
                    part.restarts(),
                    part.quarantined() ? "yes" : "no");
        }
        table.print(System.out);
        System.out.println("Overall: " + supervisor.overallHealth());
        supervisor.notServing().ifPresent(why -> System.out.println("Not serving yet: " + why));
        return null;
    }
}
