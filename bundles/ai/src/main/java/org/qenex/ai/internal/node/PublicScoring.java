package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.spec.CandidateSpec;
import org.qenex.ai.internal.spec.PipelineSpec;

/**
 * Scores a specification on the public split only ({@code qenex:ai evaluate}): rounded to the
 * Ladder's step, nothing stored, the held-out rows never touched.
 */
public final class PublicScoring {

    private final TaskCatalog catalog;
    private final SpecValidator specs;
    private final PipelineEvaluator evaluator;
    private final Duration budget;

    PublicScoring(TaskCatalog catalog, SpecValidator specs, PipelineEvaluator evaluator, Duration budget) {
        this.catalog = catalog;
        this.specs = specs;
        this.evaluator = evaluator;
        this.budget = budget;
    }

    /** Public-split accuracy of a specification per task it names, rounded to {@code stepPpm}. */
    public Map<String, Long> evaluate(String specification, long stepPpm) {
        CandidateSpec spec = specs.parse(specification);
        Map<String, Long> result = new TreeMap<>();
        CpuBudget cpu = CpuBudget.open(budget);
        for (Map.Entry<String, PipelineSpec> entry : spec.pipelines().entrySet()) {
            TaskInstances task = catalog.task(entry.getKey()).orElseThrow();
            long ppm = evaluator.evaluate(entry.getValue(), task, cpu).publicPredictions().accuracyPpm();
            result.put(task.name(), Math.round(ppm / (double) stepPpm) * stepPpm);
        }
        return result;
    }
}
