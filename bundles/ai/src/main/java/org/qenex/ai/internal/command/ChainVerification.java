package org.qenex.ai.internal.command;

import java.io.PrintStream;

import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ChainCheck;

/**
 * {@code qenex:ai verify}: walks the version chain (hashes, parent links, signatures, model bytes)
 * and names the first broken link.
 */
final class ChainVerification {

    private ChainVerification() {
    }

    static void print(ModelNode node, PrintStream out) {
        ChainCheck check = node.model().versions().verify();
        if (check.intact()) {
            out.println("intact: " + check.versions() + " versions");
        } else {
            out.println("BROKEN at version " + check.brokenAt() + ": " + check.problem());
        }
    }
}
