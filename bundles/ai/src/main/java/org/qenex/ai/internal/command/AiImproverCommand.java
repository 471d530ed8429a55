package org.qenex.ai.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.qenex.ai.internal.node.Improver;

@Command(scope = "qenex", name = "ai-improver",
        description = "Starts or stops the background improver (until the next restart; configure org.qenex.ai.improver to persist).")
@Service
public class AiImproverCommand implements Action {

    @Reference
    private Improver improver;

    @Argument(index = 0, name = "action", required = true, description = "start or stop")
    @Completion(value = StringsCompleter.class, values = { "start", "stop" })
    private String action;

    @Override
    public Object execute() {
        switch (action) {
            case "start" -> improver.start();
            case "stop" -> improver.stop();
            default -> {
                System.err.println("expected start or stop");
                return null;
            }
        }
        System.out.println("improver " + improver.status());
        return null;
    }
}
