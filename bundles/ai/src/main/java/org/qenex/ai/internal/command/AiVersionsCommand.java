package org.qenex.ai.internal.command;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ModelVersion;

@Command(scope = "qenex", name = "ai-versions", description = "Lists the model versions, oldest first.")
@Service
public class AiVersionsCommand implements Action {

    @Reference
    private ModelNode node;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Hash");
        table.column("Parent");
        table.column("Contributor");
        table.column("Accepted");
        for (ModelVersion v : node.model().versions()) {
            table.addRow().addContent(v.sequence(), v.hash().substring(0, 16), v.parentHash().substring(0, 16),
                    v.contributor(), Instant.ofEpochMilli(v.acceptedAtMillis()));
        }
        table.print(System.out);
        return null;
    }
}
