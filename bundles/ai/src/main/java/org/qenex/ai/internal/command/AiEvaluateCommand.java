package org.qenex.ai.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.spec.SpecRejectedException;

@Command(scope = "qenex", name = "ai-evaluate",
        description = "Trains a specification now and shows its public-split accuracy, rounded to eta; stores nothing.")
@Service
public class AiEvaluateCommand implements Action {

    @Reference
    private ModelNode node;

    @Argument(index = 0, name = "specification", required = true, description = "Candidate JSON, as for qenex:ai-submit")
    private String specification;

    @Override
    public Object execute() {
        try {
            node.model().evaluatePublic(specification, node.publicStepPpm())
                    .forEach((task, ppm) -> System.out.printf("%-32s ~%.3f (public split)%n", task, ppm / 1e6));
        } catch (SpecRejectedException e) {
            System.err.println(e.code() + ": " + e.getMessage());
        } catch (CandidateRejectedException e) {
            System.err.println(e.code() + ": " + e.getMessage());
        }
        return null;
    }
}
