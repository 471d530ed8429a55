package org.qenex.ai.internal.command;

import java.io.PrintStream;
import java.util.List;

import org.qenex.ai.internal.node.Improver;

/**
 * {@code qenex:ai improver}: starts or stops the background improver until the next restart
 * (configure {@code org.qenex.ai.improver} to persist), or shows its status.
 */
final class ImproverSwitch {

    static final List<String> ACTIONS = List.of("start", "stop", "status");

    private ImproverSwitch() {
    }

    /** {@code action} is one of {@link #ACTIONS}. */
    static void apply(Improver improver, String action, PrintStream out) {
        switch (action) {
            case "start" -> improver.start();
            case "stop" -> improver.stop();
            default -> {
                // status: only show it
            }
        }
        out.println("improver " + improver.status());
    }
}
