package org.qenex.ai.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.version.ChainCheck;

@Command(scope = "qenex", name = "ai-verify",
        description = "Walks the version chain: hashes, parent links, signatures, model bytes; names the first broken link.")
@Service
public class AiVerifyCommand implements Action {

    @Reference
    private ModelNode node;

    @Override
    public Object execute() {
        ChainCheck check = node.model().verifyChain();
        if (check.intact()) {
            System.out.println("intact: " + check.versions() + " versions");
        } else {
            System.out.println("BROKEN at version " + check.brokenAt() + ": " + check.problem());
        }
        return null;
    }
}
