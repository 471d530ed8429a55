package org.qenex.kernel.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.qenex.api.health.Incident;
import org.qenex.kernel.internal.supervisor.Supervisor;

@Command(scope = "qenex", name = "heal",
        description = "Lifts a part's quarantine (or restarts a failed part) and starts it again.")
@Service
public class HealCommand implements Action {

    @Reference
    private Supervisor supervisor;

    @Argument(index = 0, name = "part", required = true,
            description = "The part, as qenex:health names it, e.g. component:org.qenex.storage.Store")
    @Completion(PartNameCompleter.class)
    private String part;

    @Override
    public Object execute() throws CommandException {
        try {
            Incident incident = supervisor.heal(part);
            System.out.println(incident.part() + ": " + incident.severity() + ", " + incident.outcome());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandException(e.getMessage(), e.getMessage());
        }
        return null;
    }
}
