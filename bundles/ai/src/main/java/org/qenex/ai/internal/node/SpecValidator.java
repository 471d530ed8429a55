package org.qenex.ai.internal.node;

import java.util.Map;

import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.weka.PipelineFactory;

/**
 * Turns a candidate's JSON into its typed {@link CandidateSpec}, checked: well formed, every
 * component and option on the allow-list, every task known. The text is parsed here once; what is
 * checked again later (judging) is only what can change meanwhile, the tasks ({@link #checkTasks}).
 */
public final class SpecValidator {

    private final TaskCatalog catalog;
    private final PipelineFactory factory;
    private final SpecJson json = new SpecJson();

    public SpecValidator(TaskCatalog catalog, PipelineFactory factory) {
        this.catalog = catalog;
        this.factory = factory;
    }

    /**
     * Parses and checks a specification without training it.
     *
     * @throws SpecRejectedException malformed, disallowed, or naming an unknown task
     */
    public CandidateSpec parse(String specification) {
        CandidateSpec spec = json.parseNew(specification);
        checkTasks(spec);
        for (PipelineSpec pipeline : spec.pipelines().values()) {
            factory.build(pipeline);
        }
        return spec;
    }

    /** Every task the specification names is one of the current tasks (tasks are plugins: they come and go). */
    public void checkTasks(CandidateSpec spec) {
        for (Map.Entry<String, PipelineSpec> entry : spec.pipelines().entrySet()) {
            if (catalog.task(entry.getKey()).isEmpty()) {
                throw new SpecRejectedException(SpecRejectedException.UNKNOWN_TASK, "unknown task '" + entry.getKey()
                        + "' (tasks: " + catalog.tasks().stream().map(TaskInstances::name).toList() + ")");
            }
        }
    }
}
