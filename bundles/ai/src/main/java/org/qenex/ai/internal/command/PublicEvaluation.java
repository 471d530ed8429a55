package org.qenex.ai.internal.command;

import java.io.PrintStream;

import org.qenex.ai.internal.node.ModelNode;

/** {@code qenex:ai evaluate}: trains now and shows public-split accuracy rounded to eta; stores nothing. */
final class PublicEvaluation {

    private PublicEvaluation() {
    }

    static void print(ModelNode node, String specification, PrintStream out) {
        node.model().publicScoring().evaluate(specification, node.publicStepPpm())
                .forEach((task, ppm) -> out.printf("%-32s ~%.3f (public split)%n", task, ppm / 1e6));
    }
}
