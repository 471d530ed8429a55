package org.qenex.ai.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.ai.internal.node.Improver;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ModelVersion;

@Command(scope = "qenex", name = "ai-status", description = "The cumulative model: latest version, queue, improver.")
@Service
public class AiStatusCommand implements Action {

    @Reference
    private ModelNode node;

    @Reference
    private Improver improver;

    @Override
    public Object execute() {
        var versions = node.model().versions();
        if (versions.isEmpty()) {
            System.out.println("Version:   none yet (every task at its majority-class baseline)");
        } else {
            ModelVersion latest = versions.get(versions.size() - 1);
            System.out.println("Version:   " + latest.sequence() + " " + latest.hash() + " by " + latest.contributor());
            latest.tasks().forEach(t -> System.out.printf("  %-32s %8.4f  %s%n", t.name(), t.scorePpm() / 1e6, t.pipeline()));
        }
        System.out.println("Queued:    " + node.model().queued());
        System.out.println("Improver:  " + improver.status());
        return null;
    }
}
