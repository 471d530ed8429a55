package org.qenex.ai.internal.command;

import java.io.PrintStream;
import java.time.Instant;

import org.apache.karaf.shell.support.table.ShellTable;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ModelVersion;

/** {@code qenex:ai versions}: the model versions, oldest first. */
final class VersionTable {

    private VersionTable() {
    }

    static void print(ModelNode node, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Hash");
        table.column("Parent");
        table.column("Contributor");
        table.column("Accepted");
        for (ModelVersion v : node.model().versions().all()) {
            table.addRow().addContent(v.sequence(), v.hash().substring(0, 16), v.parentHash().substring(0, 16),
                    v.contributor(), Instant.ofEpochMilli(v.acceptedAtMillis()));
        }
        table.print(out);
    }
}
