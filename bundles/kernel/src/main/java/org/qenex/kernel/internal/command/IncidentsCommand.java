package org.qenex.kernel.internal.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

@Command(scope = "qenex", name = "incidents", description = "Lists recorded incidents, newest first.")
@Service
public class IncidentsCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Reference
    private IncidentLog incidents;

    @Option(name = "-n", description = "How many incidents to show (default 20)")
    private int count = 20;

    @Option(name = "--part", description = "Only incidents about this part, e.g. bundle:org.qenex.storage")
    private String part;

    @Override
    public Object execute() throws CommandException {
        if (count < 1) {
            throw new CommandException("-n must be at least 1", "-n must be at least 1");
        }
        List<Incident> newest = part == null ? incidents.recent(count) : incidents.recent(part, count);
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Time");
        table.column("Part");
        table.column("Severity");
        table.column("Cause").maxSize(60);
        table.column("Action");
        table.column("Outcome").maxSize(40);
        for (Incident incident : newest) {
            table.addRow().addContent(incident.sequence(), TIME.format(incident.time()), incident.part(),
                    incident.severity(), incident.cause(), incident.action(), incident.outcome());
        }
        table.print(System.out);
        return null;
    }
}
