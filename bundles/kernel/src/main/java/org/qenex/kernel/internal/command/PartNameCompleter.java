package org.qenex.kernel.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.kernel.internal.supervisor.PartView;
import org.qenex.kernel.internal.supervisor.Supervisor;

/** Completes the names of supervised parts. */
@Service
public class PartNameCompleter implements Completer {

    @Reference
    private Supervisor supervisor;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (PartView part : supervisor.parts()) {
            names.getStrings().add(part.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
