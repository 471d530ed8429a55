package org.qenex.ai.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.ai.internal.candidate.RateLimitedException;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.spec.SpecRejectedException;

@Command(scope = "qenex", name = "ai-submit", description = "Submits a candidate specification; it is judged in the background.")
@Service
public class AiSubmitCommand implements Action {

    @Reference
    private ModelNode node;

    @Argument(index = 0, name = "contributor", required = true, description = "The chain address to credit")
    private String contributor;

    @Argument(index = 1, name = "specification", required = true,
            description = "JSON, e.g. '{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}'")
    private String specification;

    @Override
    public Object execute() {
        try {
            var record = node.submit(contributor, specification, false);
            System.out.println(record.id() + " queued; see qenex:ai-status or GET /api/v1/ai/candidates/" + record.id());
        } catch (SpecRejectedException e) {
            System.err.println(e.code() + ": " + e.getMessage());
        } catch (RateLimitedException e) {
            System.err.println("rate_limited: " + e.getMessage());
        }
        return null;
    }
}
