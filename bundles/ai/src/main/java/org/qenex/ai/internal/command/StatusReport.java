package org.qenex.ai.internal.command;

import java.io.PrintStream;

import org.qenex.ai.internal.node.Improver;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ModelVersion;

/** {@code qenex:ai status}: the latest version and its pipelines, the queue, the improver. */
final class StatusReport {

    private StatusReport() {
    }

    static void print(ModelNode node, Improver improver, PrintStream out) {
        var versions = node.model().versions().all();
        if (versions.isEmpty()) {
            out.println("Version:   none yet (every task at its majority-class baseline)");
        } else {
            ModelVersion latest = versions.get(versions.size() - 1);
            out.println("Version:   " + latest.sequence() + " " + latest.hash() + " by " + latest.contributor());
            latest.tasks().forEach(t -> out.printf("  %-32s %8.4f  %s%n", t.name(), t.scorePpm() / 1e6, t.pipeline()));
        }
        out.println("Queued:    " + node.model().candidates().queued());
        out.println("Improver:  " + improver.status());
    }
}
