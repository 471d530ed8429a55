package org.qenex.ai.internal.command;

import java.io.PrintStream;

import org.qenex.ai.internal.node.ModelNode;

/**
 * {@code qenex:ai submit}: queues a candidate, judged in the background. Not rate-limited: the
 * console is the operator's own.
 */
final class Submission {

    private Submission() {
    }

    static void submit(ModelNode node, String contributor, String specification, PrintStream out) {
        var record = node.submit(contributor, specification, false);
        out.println(record.id() + " queued; see qenex:ai status or GET /api/v1/ai/candidates/" + record.id());
    }
}
